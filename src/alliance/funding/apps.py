from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "alliance.funding"
    label = "funding"
    verbose_name = "Tiers, contributions and funding"

    def ready(self) -> None:
        from alliance.funding import receivers  # noqa: F401 - connects the signal handlers
