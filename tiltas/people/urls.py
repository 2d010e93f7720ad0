from django.urls import path

from tiltas.people import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("find-by-code/", views.participant_find_by_code, name="find_by_code"),
    path("new/", views.participant_create, name="create"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/edit/", views.participant_edit, name="edit"),
    path("<int:pk>/sensitive/", views.sensitive_edit, name="sensitive"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
