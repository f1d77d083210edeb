from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "alliance.organisations"
    label = "organisations"
    verbose_name = "Organisations, applications and partnerships"
