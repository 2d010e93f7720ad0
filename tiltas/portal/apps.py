from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "tiltas.portal"
    label = "portal"
