"""The one way any app tells people something: an in-app notice and an e-mail.

E-mails go out once the surrounding transaction commits (never for a rolled-back
write), and every link in them is absolute, built from ``settings.ALLIANCE_BASE_URL``,
so it works from a mail client. The in-app inbox is a model of an app above ``core``
(``governance.Notification``); that app registers the function that stores notices with
:func:`register_inbox` when Django starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction

Inbox = Callable[[list[Any], str, str, str], None]

_inboxes: list[Inbox] = []


def register_inbox(inbox: Inbox) -> None:
    """``inbox(users, kind, text, url)`` stores in-app notices; called by :func:`notify`."""
    if inbox not in _inboxes:
        _inboxes.append(inbox)


def absolute_url(path_or_url: str) -> str:
    """An absolute link for an e-mail: a site path ("/board/motions/7/") joined to
    ``ALLIANCE_BASE_URL``; an address that is already absolute is kept."""
    if not path_or_url or "://" in path_or_url:
        return path_or_url
    return settings.ALLIANCE_BASE_URL.rstrip("/") + "/" + path_or_url.lstrip("/")


def subject(text: str) -> str:
    return f"{settings.ALLIANCE_NAME}: {text}"


def email_send(*, to: Iterable[str], subject: str, body: str, now: bool = False) -> int:
    """Send one e-mail to the given addresses once the transaction commits (``now``: at
    once, for background tasks that record their own sending). Returns the number of
    recipients. Bodies carry absolute links (see :func:`absolute_url`)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0

    def send() -> None:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)

    if now:
        send()
    else:
        transaction.on_commit(send)
    return len(recipients)


def notify(users: Iterable[Any], *, kind: str, text: str, url: str = "") -> int:
    """Tell each (distinct) user, in the app and by e-mail; returns how many were told.
    ``url`` is a site path or absolute address; the e-mail carries it absolute."""
    people = list({u.pk: u for u in users if u is not None}.values())
    for inbox in _inboxes:
        inbox(people, kind, text[:500], url)
    link = absolute_url(url)
    mails = tuple(
        (
            subject(text[:120]),
            f"{text}\n\n{link}" if link else text,
            settings.DEFAULT_FROM_EMAIL,
            [u.email],
        )
        for u in people
        if u.email
    )
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(people)
