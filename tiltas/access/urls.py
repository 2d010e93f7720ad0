from django.urls import path

from tiltas.access import views

app_name = "access"
urlpatterns = [
    path("break-glass/", views.break_glass_find, name="break_glass_find"),
    path("break-glass/<int:participant_pk>/", views.break_glass, name="break_glass"),
]
