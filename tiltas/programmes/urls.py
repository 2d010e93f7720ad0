from django.urls import path

from tiltas.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    # pk is the participant's id: enrolment starts from the person's record.
    path("enrol/<int:pk>/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/exit/", views.exit_programme, name="exit"),
    path("enrolments/<int:pk>/suspend/", views.suspend, name="suspend"),
    path("enrolments/<int:pk>/resume/", views.resume, name="resume"),
]
