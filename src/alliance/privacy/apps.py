from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PrivacyConfig(AppConfig):
    name = "alliance.privacy"
    label = "privacy"
    verbose_name = "Privacy and data rights"

    def ready(self) -> None:
        post_migrate.connect(_publish_on_migrate, sender=self)


def _publish_on_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After every migrate: the retention defaults exist and the published notice is the
    one generated from the inventory (a changed inventory publishes a new version)."""
    from alliance.privacy.actions import notice_publish, retention_seed_defaults

    retention_seed_defaults()
    notice_publish(actor=None)
