from django.apps import AppConfig


class DiligenceConfig(AppConfig):
    name = "alliance.diligence"
    label = "diligence"
