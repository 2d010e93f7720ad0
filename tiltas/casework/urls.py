from django.urls import path

from tiltas.casework import views

app_name = "casework"
urlpatterns = [
    path("open/<int:participant_pk>/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/manager/", views.change_manager, name="change_manager"),
    path("<int:pk>/close/", views.close, name="close"),
]
