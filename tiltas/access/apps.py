from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tiltas.access"
    label = "access"
