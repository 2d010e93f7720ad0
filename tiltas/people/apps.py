from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tiltas.people"
    label = "people"
