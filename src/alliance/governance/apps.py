from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "alliance.governance"
    label = "governance"
    verbose_name = "Board governance"
