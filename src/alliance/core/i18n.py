"""Texts rendered in someone else's language: e-mails, notices and PDFs go out in the
recipient's language, not in the language of whoever happened to cause them.

A message is built once, lazily (:func:`lazy_format`), and rendered per recipient
under ``translation.override`` (:func:`rendered`): the msgid is translated, and each
placeholder value is put into words in that language too (a date in the locale's
format, a number with the locale's separators, a lazy label translated, a callable
called), so nothing is frozen in the sender's language before the override.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation
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


# A day of the month written before the month's name (``j F``, ``j E``), not escaped.
_DAY_BEFORE_MONTH = re.compile(r"(?<!\\)j(?= [FE])")


def date_shown(value: date | datetime, format: str = "DATE_FORMAT") -> str:
    """A date (or moment) as the active language writes it: ``formats.date_format``
    with the locale's ``format`` (a format name such as ``DATE_FORMAT`` or a pattern),
    and, in French, the first of a month as an ordinal, ``1er janvier 2026`` (the
    Imprimerie nationale's rule: *premier* only; ``2 janvier``). The one place dates for
    people are put into words: the ``date`` filter (``core.templatetags.dates``, a
    builtin of every template, so pages, e-mails and PDFs) and Python callers use it."""
    pattern = str(formats.get_format(format or "DATE_FORMAT"))
    language = translation.get_language() or settings.LANGUAGE_CODE
    if value.day == 1 and language.split("-")[0] == "fr":
        pattern = _DAY_BEFORE_MONTH.sub(r"j\\e\\r", pattern)
    return str(dateformat.format(value, pattern))


def localised(value: Any) -> str:
    """A placeholder value in words, in the active language."""
    if callable(value):
        value = value()
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_shown(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_shown(value, "DATE_FORMAT")
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
