from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "alliance.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        from alliance.credentials import receivers  # noqa: F401 - connects the signal hooks
