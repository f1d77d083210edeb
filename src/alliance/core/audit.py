"""Write audit events. Always called inside the action's own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from alliance.core.models import AuditEvent

SYSTEM_LABEL = "system"


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    organisation: Any = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the action's transaction")
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else SYSTEM_LABEL,
        verb=verb,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        organisation=organisation,
        before=before or {},
        after=after or {},
        reason=reason,
    )
