from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project itself as an app, so its start-up checks run with Django's checks."""

    name = "alliance.config"
    label = "alliance_config"
    verbose_name = "Alliance configuration"

    def ready(self) -> None:
        from django.core import checks

        from alliance.config import checks as alliance_checks

        checks.register(alliance_checks.configuration_check, "alliance")
        checks.register(alliance_checks.database_check, "alliance", checks.Tags.database)
