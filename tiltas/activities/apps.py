from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tiltas.activities"
    label = "activities"
