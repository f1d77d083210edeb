from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "alliance.funding"
    label = "funding"
    verbose_name = "Tiers, contributions and funding"

    def ready(self) -> None:
        from alliance.core.labels import register_labels
        from alliance.funding.labels import INSTALMENT_STATUS_LABELS

        register_labels(INSTALMENT_STATUS_LABELS)
