from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tiltas.casework"
    label = "casework"
