from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "alliance.screening"
    label = "screening"
    verbose_name = "Sanctions screening"
