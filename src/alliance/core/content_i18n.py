"""Translations of content that is data (principles, tier names, rules texts, policy
criteria): one shape for every kind, see docs/i18n.md ("Content that is data").

Each translatable versioned row carries ``translations = {"fr": {key: text}, ...}``;
the keys are stable paths into the row's English source (``good_faith.title``,
``strategic_partner.name``, ``summary``, ``weapons.activity``). English is the source
and never stored here; a missing translation falls back to it. Writes go through each
app's ``<noun>_translation_set`` action (audited); reads through :func:`translated`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can

ERR_UNKNOWN_LANGUAGE = _("There is no such language to translate into: {language}.")
ERR_EMPTY_TEXT = _("A translation cannot be empty: {key}.")
ERR_UNKNOWN_KEY = _("This text has nothing to translate under {key}.")
ERR_NO_ENTRIES = _("Give at least one translated text.")
ERR_TRANSLATE_STAFF = _("Only the secretariat can translate the alliance's texts.")


@dataclass(frozen=True)
class Entry:
    """One translatable text of a row: its key, its English source and what it is."""

    key: str
    source: str
    label: str


def source_language() -> str:
    return str(settings.LANGUAGE_CODE)


def target_languages() -> list[tuple[str, str]]:
    """The languages content is translated into: every site language but the source."""
    source = source_language().split("-")[0]
    return [(code, name) for code, name in settings.LANGUAGES if code.split("-")[0] != source]


def content_language(language: str | None = None) -> str:
    """The translation language for ``language`` (default: the active one): ``fr-ca``
    reads ``fr``; the source language, or one not offered, reads ``""`` (English)."""
    language = (language or get_language() or "").lower()
    codes = [code for code, _name in target_languages()]
    if language in codes:
        return language
    base = language.split("-")[0]
    return base if base in codes else ""


def translated(
    translations: Mapping[str, Any] | None, key: str, source: str, language: str | None = None
) -> str:
    """The text under ``key`` in ``language`` (default: the active one), else the source."""
    code = content_language(language)
    if not code or not translations:
        return source
    text = (translations.get(code) or {}).get(key)
    return text if isinstance(text, str) and text.strip() else source


def require_translator(actor: Any) -> None:
    if not can(actor, Perm.TRANSLATE_CONTENT):
        raise NotAllowed(ERR_TRANSLATE_STAFF)


def translation_store(
    *,
    actor: Any,
    row: Any,
    verb: str,
    language: str,
    texts: Mapping[str, str],
    entries: list[Entry],
) -> Any:
    """Set ``texts`` for ``language`` on a locked versioned ``row`` (its ``translations``
    field) and write the audit event with the texts before and after. The caller holds the
    transaction and the row's lock, and has checked ``require_translator``."""
    before = (row.translations or {}).get(language, {})
    row.translations = translations_merged(
        row.translations, language=language, texts=texts, entries=entries
    )
    row.save(update_fields=["translations"])
    audit_record(
        actor=actor,
        verb=verb,
        target=row,
        before={"language": language, "texts": {k: before.get(k) for k in texts}},
        after={"language": language, "texts": dict(texts)},
    )
    return row


def translations_merged(
    translations: Mapping[str, Any] | None,
    *,
    language: str,
    texts: Mapping[str, str],
    entries: list[Entry],
) -> dict[str, dict[str, str]]:
    """``translations`` with ``texts`` set for ``language``, checked: a site language
    other than the source, keys the row has, no empty text. Raises ActionError."""
    if language not in {code for code, _name in target_languages()}:
        raise ActionError(ERR_UNKNOWN_LANGUAGE.format(language=language), field="language")
    if not texts:
        raise ActionError(ERR_NO_ENTRIES)
    known = {e.key for e in entries}
    for key, text in texts.items():
        if key not in known:
            raise ActionError(ERR_UNKNOWN_KEY.format(key=key), field=key)
        if not isinstance(text, str) or not text.strip():
            raise ActionError(ERR_EMPTY_TEXT.format(key=key), field=key)
    merged = {code: dict(values) for code, values in (translations or {}).items()}
    merged.setdefault(language, {}).update({k: v.strip() for k, v in texts.items()})
    return merged


def carried_forward(
    translations: Mapping[str, Any] | None, old: list[Entry], new: list[Entry]
) -> dict[str, dict[str, str]]:
    """The translations of an earlier version that still apply to a new one: those whose
    key and English source are unchanged (a changed source needs a new translation)."""
    old_source = {e.key: e.source for e in old}
    kept = {e.key for e in new if old_source.get(e.key) == e.source}
    result = {}
    for code, values in (translations or {}).items():
        values = {k: v for k, v in values.items() if k in kept}
        if values:
            result[code] = values
    return result
