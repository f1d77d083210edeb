"""Append public facts to the log, in the caller's transaction."""

from __future__ import annotations

from typing import Any

import rfc8785
from django.db import transaction
from django.utils import timezone

from alliance.transparency.models import LogEntry, LogHead


def publish_fact(*, kind: str, subject: str, fact: dict[str, Any]) -> LogEntry:
    """Append one public fact. Must run inside the action's transaction, so a
    rolled-back change leaves no entry. Never pass personal data here."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish_fact must run inside the action's transaction")
    head, _ = LogHead.objects.select_for_update().get_or_create(id=1)
    now = timezone.now()
    body = {
        "index": head.size,
        "kind": kind,
        "subject": subject,
        "time": now.isoformat().replace("+00:00", "Z"),
        "fact": fact,
    }
    leaf = rfc8785.dumps(body)
    entry = LogEntry.objects.create(
        index=head.size, kind=kind, subject=subject, leaf=leaf, fact=body, created_at=now
    )
    from alliance.transparency.tree import append_to_tree

    append_to_tree(head, [leaf])
    return entry
