from django.urls import include, path

from tiltas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("administration/", views.org_admin, name="org_admin"),
    # The administration screens; each of their routes starts with administration/.
    path("", include("tiltas.accounts.admin_urls")),
]
