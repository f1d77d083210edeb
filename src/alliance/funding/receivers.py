"""Hooks into the partnership lifecycle: the Board's admission fixes the tier."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from alliance.organisations.models import Partnership


@receiver(post_save, sender=Partnership, dispatch_uid="funding.fix_tier_on_admission")
def fix_tier_on_admission(
    sender: type[Partnership],
    instance: Partnership,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    # Runs inside application_approve's transaction; the partnership object is the one the
    # admission then publishes, so the public fact carries the fixed tier.
    if created and not raw:
        from alliance.funding.actions import tier_fix_on_admission

        tier_fix_on_admission(partnership=instance)
