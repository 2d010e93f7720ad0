from django.contrib import admin
from django.urls import include, path

from tiltas.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("platform-admin/", admin.site.urls),
    path("", include("tiltas.accounts.urls")),
    path("audit/", include("tiltas.audit.urls")),
    path("access/", include("tiltas.access.urls")),
    path("participants/", include("tiltas.people.urls")),
    path("programmes/", include("tiltas.programmes.urls")),
    path("referrals/", include("tiltas.referrals.urls")),
    path("cases/", include("tiltas.casework.urls")),
    path("me/", include("tiltas.portal.urls")),
]
