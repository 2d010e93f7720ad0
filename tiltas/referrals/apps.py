from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tiltas.referrals"
    label = "referrals"
