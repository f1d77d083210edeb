"""Hooks into the partnership lifecycle. They run inside the sending action's transaction,
so the credential and the status list change exactly when the suspension, reinstatement
or termination commits (and roll back with it). Admission and tier changes issue the
credential explicitly, in governance.flows."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from alliance.credentials import actions
from alliance.organisations.models import Partnership
from alliance.organisations.signals import partnership_status_changed


@receiver(partnership_status_changed, dispatch_uid="credentials.partnership_status_changed")
def partnership_status_moved(
    sender: Any, partnership: Partnership, before: str, actor: Any, **kwargs: Any
) -> None:
    actions.partnership_credentials_follow_status(
        actor=actor,
        partnership=partnership,
        reason=f"partnership {before} → {partnership.status}",
    )
