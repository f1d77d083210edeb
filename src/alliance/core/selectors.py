"""Reads over the audit trail, filtered for the viewer through the permission table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import SYSTEM_LABEL
from alliance.core.models import AuditEvent
from alliance.core.permissions import (
    Panel,
    Seen,
    event_kind,
    history_seen,
    sees_panel,
    viewer_roles,
)
from alliance.core.roles import Role

# How the alliance's own people appear to a viewer who may not see their names.
ALLIANCE_LABEL = _("The alliance")
# An event no person made (a scheduled task, a screening run) is stored with the English
# SYSTEM_LABEL; the history says it in the reader's language.
SYSTEM_WORDS = _("system")


def _who(event: AuditEvent) -> str:
    if event.actor_id is None and event.actor_label == SYSTEM_LABEL:
        return str(SYSTEM_WORDS)
    return event.actor_label


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    verb: str
    reason: str


def contact_ids(organisation: Any) -> frozenset[int]:
    """Accounts that speak for ``organisation`` (its applicant / partner contacts)."""
    users = get_user_model().objects.filter(
        role_grants__role=Role.PARTNER_CONTACT, role_grants__organisation=organisation
    )
    return frozenset(users.values_list("pk", flat=True))


def organisation_history(viewer: Any, organisation: Any, *, limit: int = 200) -> list[HistoryLine]:
    """The organisation's audit history as ``viewer`` may see it (newest first): each
    event filtered and redacted by ``permissions.HISTORY_VIEW``. Empty for a viewer
    without the history panel."""
    if not sees_panel(viewer, Panel.HISTORY, organisation):
        return []
    roles = viewer_roles(viewer, organisation)
    own = contact_ids(organisation)
    lines: list[HistoryLine] = []
    events = AuditEvent.objects.filter(organisation=organisation).only(
        "at", "actor_id", "actor_label", "verb", "reason"
    )
    for event in events.iterator():
        kind = event_kind(event.verb, by_own_contact=event.actor_id in own)
        seen = history_seen(roles, kind)
        if seen == Seen.HIDDEN:
            continue
        full = seen == Seen.FULL
        lines.append(
            HistoryLine(
                at=event.at,
                who=_who(event) if full else str(ALLIANCE_LABEL),
                verb=event.verb,
                reason=event.reason if seen in (Seen.FULL, Seen.WITHOUT_NAMES) else "",
            )
        )
        if len(lines) >= limit:
            break
    return lines
