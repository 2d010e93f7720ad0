from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiltas.accounts"
    label = "accounts"
