"""The alliance's principles, as data. The text hash pins what an applicant saw."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance.core.content_i18n import Entry, content_language, translated

PRINCIPLES: list[dict[str, str]] = [
    {
        "code": "identity_human_right",
        "title": "Identity is a human right",
        "text": "The ability to prove one's identity is a fundamental and universal human "
        "right, and digital identity must serve the individual.",
    },
    {
        "code": "individual_ownership",
        "title": "Individuals own their identity",
        "text": "Individuals should have control over their digital identity: how their "
        "personal data is collected, used and shared.",
    },
    {
        "code": "good_faith",
        "title": "Good faith",
        "text": "We join in good faith, bringing our experience, expertise and networks to "
        "the alliance's shared work.",
    },
    {
        "code": "humanitarian_motivation",
        "title": "Humanitarian primary motivation",
        "text": "Our primary motivation for joining is humanitarian, not commercial.",
    },
    {
        "code": "no_monopoly",
        "title": "No monopoly",
        "text": "We will not seek, and the alliance will not endorse, any approach that gives "
        "one party a monopoly on an element of the solution.",
    },
]


def principle_text_hash(principle: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of one principle (code, title, text)."""
    canonical = json.dumps(
        {k: principle[k] for k in ("code", "title", "text")},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def principle_set_hash(principles: list[dict[str, Any]]) -> str:
    joined = "\n".join(principle_text_hash(p) for p in principles)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


PRINCIPLE_FIELDS = ("title", "text")


def principle_entries(principles: list[dict[str, Any]]) -> list[Entry]:
    """The translatable texts of a principle set: each principle's title and text."""
    labels = {"title": _("title"), "text": _("text")}
    return [
        Entry(key=f"{p['code']}.{name}", source=p[name], label=f"{p['title']} ({labels[name]})")
        for p in principles
        for name in PRINCIPLE_FIELDS
    ]


def principles_shown(principle_set: Any, language: str | None = None) -> list[dict[str, str]]:
    """The principles as an applicant reading ``language`` sees them (English where a
    translation is missing): the exact texts an attestation hashes."""
    translations = principle_set.translations or {}
    return [
        {
            "code": p["code"],
            **{
                name: translated(translations, f"{p['code']}.{name}", p[name], language)
                for name in PRINCIPLE_FIELDS
            },
        }
        for p in principle_set.principles
    ]


def shown_language(principle_set: Any, language: str | None = None) -> str:
    """The language code an attestation records: the translation language when the set
    has a translation in it, else the source language (all English)."""
    code = content_language(language)
    if code and (principle_set.translations or {}).get(code):
        return code
    return str(settings.LANGUAGE_CODE)
