"""Hooks into the partnership lifecycle at admission and tier change. Suspension,
reinstatement and termination are not hooked here: governance.partnership_flow calls
``actions.partnership_credentials_follow_status`` explicitly, in the Board decision's
transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from alliance.credentials import actions
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership


@receiver(post_save, sender=Partnership, dispatch_uid="credentials.partnership_saved")
def partnership_saved(
    sender: Any, instance: Partnership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or instance.status != PartnershipStatus.ACTIVE:
        return
    if created:
        actions.partnership_credential_issue(actor=None, partnership=instance)
        return
    current = actions.current_partnership_credential(instance)
    if current is not None and current.tier != instance.tier:
        # The credential states the tier: a tier change re-issues it, revoking the old one.
        actions.credential_reissue(
            actor=None,
            partnership=instance,
            reason=f"tier changed from {current.tier or '—'} to {instance.tier or '—'}",
        )
