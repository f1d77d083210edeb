from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "alliance.credentials"
    label = "credentials"
    verbose_name = "Credentials"
