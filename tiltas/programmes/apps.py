from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "tiltas.programmes"
    label = "programmes"
