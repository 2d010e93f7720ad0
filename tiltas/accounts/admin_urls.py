"""Routes of the organisation administration, included by tiltas/accounts/urls.py (namespace
"accounts") at the root: the paths carry their own "administration/" prefix."""

from django.urls import path

from tiltas.accounts import admin_views

urlpatterns = [
    path("administration/users/", admin_views.users, name="users"),
    path("administration/users/new/", admin_views.user_create, name="user_create"),
    path("administration/users/<int:pk>/", admin_views.user_edit, name="user_edit"),
    path(
        "administration/users/<int:pk>/deactivate/",
        admin_views.user_deactivate,
        name="user_deactivate",
    ),
    path(
        "administration/break-glass/", admin_views.break_glass_reviews, name="break_glass_reviews"
    ),
    path(
        "administration/break-glass/<int:pk>/",
        admin_views.break_glass_review,
        name="break_glass_review",
    ),
]
