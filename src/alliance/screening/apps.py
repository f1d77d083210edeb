from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "alliance.screening"
    label = "screening"
    verbose_name = "Sanctions screening"

    def ready(self) -> None:
        from alliance.screening import receivers  # noqa: F401 - connects the signal receivers
