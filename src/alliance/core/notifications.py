"""The one way any app tells people something: an in-app notice and an e-mail.

E-mails go out once the surrounding transaction commits (never for a rolled-back
write), and every link in them is absolute, built from ``settings.ALLIANCE_BASE_URL``,
so it works from a mail client. Every notice and e-mail is rendered in its recipient's
language (``User.language``, else ``settings.LANGUAGE_CODE``; see :mod:`alliance.core.i18n`):
callers pass lazy texts, rendered once per language under ``translation.override``.
The in-app inbox is a model of an app above ``core``
(``governance.Notification``); that app registers the function that stores notices with
:func:`register_inbox` when Django starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction

from alliance.core.i18n import Text, by_language, in_language, rendered, site_languages

# inbox(users, kind, text, url, translations): ``text`` in the users' own language (what
# their e-mail says), ``translations`` the same notice in each other language the site
# offers, so the inbox reads in whatever language its reader switches the site to.
Inbox = Callable[[list[Any], str, str, str, dict[str, str]], None]

_inboxes: list[Inbox] = []


def register_inbox(inbox: Inbox) -> None:
    """``inbox(users, kind, text, url, translations)`` stores in-app notices; called by
    :func:`notify`."""
    if inbox not in _inboxes:
        _inboxes.append(inbox)


def absolute_url(path_or_url: str) -> str:
    """An absolute link for an e-mail: a site path ("/board/motions/7/") joined to
    ``ALLIANCE_BASE_URL``; an address that is already absolute is kept."""
    if not path_or_url or "://" in path_or_url:
        return path_or_url
    return settings.ALLIANCE_BASE_URL.rstrip("/") + "/" + path_or_url.lstrip("/")


def subject(text: Text) -> str:
    return f"{settings.ALLIANCE_NAME}: {rendered(text)}"


Recipient = tuple[str, str | None]  # (address, language; None: the site's)


def recipients_of(users: Iterable[Any]) -> list[Recipient]:
    """``(address, language)`` for each user with an address."""
    return [(u.email, getattr(u, "language", "") or None) for u in users if u and u.email]


def _by_language(recipients: Iterable[Recipient | str]) -> dict[str | None, list[str]]:
    known = site_languages()
    groups: dict[str | None, set[str]] = {}
    for recipient in recipients:
        address, language = (recipient, None) if isinstance(recipient, str) else recipient
        if address:
            groups.setdefault(language if language in known else None, set()).add(address)
    return {language: sorted(addresses) for language, addresses in groups.items()}


def email_send(
    *,
    to: Iterable[Recipient | str],
    subject: Text,
    body: Text,
    now: bool = False,
    fail_silently: bool = False,
) -> int:
    """Send one e-mail per language to the given recipients once the transaction commits
    (``now``: at once, for background tasks that record their own sending). A recipient
    is an address (read in the site's language) or ``(address, language)``; subject and
    body are rendered in each language (pass lazy strings, or callables that render a
    template). Returns the number of addresses. Bodies carry absolute links (see
    :func:`absolute_url`)."""
    groups = _by_language(to)
    if not groups:
        return 0
    mails = []
    for language, addresses in groups.items():
        with in_language(language):
            mails.append((rendered(subject), rendered(body), addresses))

    def send() -> None:
        for mail_subject, mail_body, addresses in mails:
            send_mail(
                subject=mail_subject,
                message=mail_body,
                from_email=None,
                recipient_list=addresses,
                fail_silently=fail_silently,
            )

    if now:
        send()
    else:
        transaction.on_commit(send)
    return sum(len(addresses) for addresses in groups.values())


def notify(users: Iterable[Any], *, kind: str, text: Text, url: str = "") -> int:
    """Tell each (distinct) user, in the app and by e-mail, in their own language;
    returns how many were told. ``text`` is rendered once per language (pass a lazy
    string: :func:`alliance.core.i18n.lazy_format`). ``url`` is a site path or absolute
    address; the e-mail carries it absolute."""
    people = list({u.pk: u for u in users if u is not None}.values())
    link = absolute_url(url)
    mails: list[tuple[str, str, str | None, list[str]]] = []
    # The notice in each language the site offers, rendered once each: the e-mail and the
    # stored text in the recipient's, the inbox's other versions in the rest.
    versions: dict[str, str] = {}
    for language in [code for code, _name in settings.LANGUAGES] if people else []:
        with in_language(language):
            versions[language] = rendered(text)
    for language, group in by_language(people).items():
        with in_language(language):
            words = versions.get(language) or rendered(text)
            others = {code: said[:500] for code, said in versions.items() if code != language}
            for inbox in _inboxes:
                inbox(group, kind, words[:500], url, others)
            mail_subject = subject(words[:120])
            body = f"{words}\n\n{link}" if link else words
        mails.extend(
            (mail_subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in group if u.email
        )
    if mails:
        batch = tuple(mails)
        transaction.on_commit(lambda: send_mass_mail(batch, fail_silently=True))
    return len(people)
