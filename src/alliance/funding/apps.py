from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "alliance.funding"
    label = "funding"
    verbose_name = "Tiers, contributions and funding"
