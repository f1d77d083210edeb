"""Hooks into the partnership lifecycle. They run inside the sending action's transaction,
so the credential and the status list change exactly when the admission, suspension,
reinstatement or termination commits (and roll back with it)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from alliance.credentials import actions
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership
from alliance.organisations.signals import partnership_status_changed


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


@receiver(partnership_status_changed, dispatch_uid="credentials.partnership_status_changed")
def partnership_status_moved(
    sender: Any, partnership: Partnership, before: str, actor: Any, **kwargs: Any
) -> None:
    actions.partnership_credentials_follow_status(
        actor=actor,
        partnership=partnership,
        reason=f"partnership {before} → {partnership.status}",
    )
