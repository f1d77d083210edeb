"""Board notifications: the in-app inbox (``Notification`` rows) behind
:func:`alliance.core.notifications.notify`, which every app calls. ``notify`` is
re-exported here for the callers that import it from governance."""

from __future__ import annotations

from typing import Any

from alliance.core.notifications import notify
from alliance.governance.models import Notification

__all__ = ["inbox_store", "notify", "unread_count"]


def inbox_store(
    users: list[Any], kind: str, text: str, url: str, translations: dict[str, str]
) -> None:
    """Store one in-app notice per user (registered with core at start-up): the text in
    the user's language and, for reading the inbox in another, the other versions."""
    Notification.objects.bulk_create(
        Notification(user=u, kind=kind, text=text[:500], url=url, translations=translations)
        for u in users
    )


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
