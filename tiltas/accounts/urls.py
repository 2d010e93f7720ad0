from django.urls import path

from tiltas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("administration/", views.org_admin, name="org_admin"),
]
