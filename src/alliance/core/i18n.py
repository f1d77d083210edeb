"""Texts rendered in someone else's language: e-mails, notices and PDFs go out in the
recipient's language, not in the language of whoever happened to cause them.

A message is built once, lazily (:func:`lazy_format`), and rendered per recipient
under ``translation.override`` (:func:`rendered`): the msgid is translated, and each
placeholder value is put into words in that language too (a date in the locale's
format, a number with the locale's separators, a lazy label translated, a callable
called), so nothing is frozen in the sender's language before the override.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.functional import Promise, lazy

# What a message may be: a plain string, a lazy string, or a callable that renders it
# (for a template rendered per language).
Text = str | Promise | Callable[[], str]


def language_of(user: Any) -> str:
    """The language a person reads: their own choice on the account, else the site's."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in site_languages() else settings.LANGUAGE_CODE


def reader_language(user: Any) -> str:
    """The language of someone reading now: their own choice, else the page's language."""
    chosen = getattr(user, "language", "") or ""
    if chosen in site_languages():
        return chosen
    return translation.get_language() or settings.LANGUAGE_CODE


def site_languages() -> set[str]:
    """The language codes the site offers (``settings.LANGUAGES``)."""
    return {code for code, _name in settings.LANGUAGES}


def by_language(users: Iterable[Any]) -> dict[str, list[Any]]:
    """People grouped by the language they read, in a stable order."""
    groups: dict[str, list[Any]] = {}
    for user in users:
        groups.setdefault(language_of(user), []).append(user)
    return dict(sorted(groups.items()))


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Translate, and format dates and numbers, in ``language`` (the site's if none)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        yield


def localised(value: Any) -> str:
    """A placeholder value in words, in the active language."""
    if callable(value):
        value = value()
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return str(formats.date_format(value, "DATETIME_FORMAT"))
    if isinstance(value, date):
        return str(formats.date_format(value, "DATE_FORMAT"))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal | float):
        return str(formats.number_format(value, use_l10n=True, force_grouping=True))
    return str(value)


def _format(message: Any, params: dict[str, Any]) -> str:
    text = str(message)
    if not params:
        return text
    values = {name: localised(value) for name, value in params.items()}
    # Python-format msgids ("%(title)s") and brace ones ("{title}") both occur.
    return text % values if "%(" in text else text.format(**values)


_lazy_format = lazy(_format, str)


def lazy_format(message: Any, **params: Any) -> Any:
    """``message % params``, done when the text is rendered (in that language):
    ``lazy_format(_("Vote on '%(title)s' by %(due)s."), title=motion.title, due=day)``."""
    return _lazy_format(message, params)


def rendered(text: Text) -> str:
    """The text in the active language (a callable is called, a lazy string evaluated)."""
    return text() if callable(text) else str(text)
