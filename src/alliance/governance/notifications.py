"""Notifications: an in-app list plus an email, sent once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from alliance.governance.models import Notification


def notify(users: Iterable[Any], *, kind: str, text: str, url: str = "") -> int:
    """Tell each (distinct) user; returns how many were told."""
    people = {u.pk: u for u in users if u is not None}.values()
    Notification.objects.bulk_create(
        Notification(user=u, kind=kind, text=text[:500], url=url) for u in people
    )
    mails = tuple(
        (
            f"{settings.ALLIANCE_NAME}: {text[:120]}",
            f"{text}\n\n{url}" if url else text,
            settings.DEFAULT_FROM_EMAIL,
            [u.email],
        )
        for u in people
        if u.email
    )
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(people)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
