from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tiltas.common"
    label = "common"
