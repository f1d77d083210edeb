from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "alliance.funding"
    label = "funding"
