from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "alliance.transparency"
    label = "transparency"
