"""The privacy notice, generated from the data inventory and the retention schedule.

The generated text is what is hashed and published; the public page renders the
published sections, so what people accept is exactly what the inventory declares.
The notice is written in English (the version people accept and its hash); pages
translate the headings around it, its fixed texts (catalog msgids) and its retention
sentences (``retention_shown``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from alliance.privacy import inventory, retention

# The published notice keeps these in English (gettext_noop lists them for the catalog);
# the notice page shows each in the reader's language.
RIGHTS = [
    gettext_noop("Access: a copy of everything held about you (My data, download)."),
    gettext_noop("Portability: the same data as machine-readable JSON."),
    gettext_noop("Rectification: correct what is wrong."),
    gettext_noop(
        "Erasure: your data removed or replaced by a pseudonym, except what a recorded legal "
        "hold must keep (shown to you with its reason and end date)."
    ),
    gettext_noop("Objection: stop a use of your data based on legitimate interests."),
]


_YOURS = ("user", "member", "person", "holder", "requester", "actor", "email_address")
# Links whose field name does not read as a phrase ("Cases override by you").
_RELATION = {
    "author": "written by",
    "reviewer": "reviewed by",
    "owner": "owned by",
    "override_by": "overridden by",
    "recommendation_by": "recommended by",
    "sent_to": "sent to",
    "attested_by": "made by",
    "ran_by": "run by",
}


# Model names as a person reads them.
_PLAIN = {"organisation person": "officer or owner", "user": "account"}


def _plural(model: Any) -> str:
    plural = str(model._meta.verbose_name_plural)
    single = str(model._meta.verbose_name)
    if plural == f"{single}s" and single.endswith("y") and single[-2:-1] not in "aeiou":
        plural = f"{single[:-1]}ies"  # Django's default plural: "policys"
    return plural.replace("Esg", "ESG").replace("esg", "ESG").replace("In kind", "In-kind")


def _field_label(path: str) -> str:
    """How the notice names a piece of data: "Officer or owner: birth date" for a
    field, "Cases prepared by you" or "Your votes" for a link to the person."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    app_label, model_name, field_name = path.split(".")
    try:
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
    except LookupError:
        return path
    things = _plural(model)
    if model is get_user_model() and field.is_relation:
        return "Your account's permissions"
    if not (field.is_relation and field.related_model is get_user_model()):
        name = str(model._meta.verbose_name)
        return f"{_PLAIN.get(name, name).capitalize()}: {field.verbose_name}"
    if field_name in _YOURS:
        return f"Your {things}"
    if field_name in _RELATION:
        return f"{things[:1].upper()}{things[1:]} {_RELATION[field_name]} you"
    if field_name.endswith("_by"):
        return f"{things[:1].upper()}{things[1:]} {field.verbose_name} you"
    if field_name == "attendees":
        return f"{things[:1].upper()}{things[1:]} you attended"
    return f"{things[:1].upper()}{things[1:]} {str(field.verbose_name).replace('_', ' ')} you"


def build_sections(schedule_rules: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The structured notice: one section per category of personal data."""
    with translation.override("en"):
        grouped = inventory.fields_by_category()
        categories = []
        for code, category in inventory.CATEGORIES.items():
            if category.retention_rule:
                rule = retention.RULES[category.retention_rule]
                period = schedule_rules.get(rule.code, retention.DEFAULTS[rule.code])
                kept = f"{rule.title} {retention.describe(period)} {rule.reason}"
            else:
                kept = str(category.retention_text)
            categories.append(
                {
                    "code": code,
                    "title": str(category.title),
                    "data": sorted({_field_label(p) for p in grouped[code]}),
                    "purpose": str(category.purpose),
                    "basis": str(category.basis),
                    "who_sees": str(category.who_sees),
                    "kept": kept,
                }
            )
        holds = []
        for c in ("hold_due_diligence", "hold_sanctions", "hold_board_records"):
            said = retention.describe(schedule_rules.get(c, retention.DEFAULTS[c]))
            holds.append(f"{retention.RULES[c].title} {said} {retention.RULES[c].reason}")
        return {
            "controller": settings.ALLIANCE_NAME,
            "contact": settings.DEFAULT_FROM_EMAIL,
            "categories": categories,
            "holds": holds,
            "rights": RIGHTS,
            "deadline": gettext_noop("We answer every request within one month of receiving it."),
            "public_log": gettext_noop(
                "No personal data is ever written to the public transparency log, so an "
                "erasure never conflicts with it."
            ),
        }


_PERIOD = re.compile(r"(?P<count>\d+) (?P<unit>day|days|year|years)")

# Translators: a retention sentence of the privacy notice: a rule's title ("Read
# notifications are deleted"), its period ("365 days") and its reason ("after they were
# sent; …"), each translated already; reorder them as the language needs.
RETENTION_SENTENCE = _("%(rule)s %(period)s %(reason)s")


def retention_shown(text: str) -> str:
    """A retention sentence of a published notice (``kept`` or a legal hold, written in
    English as "{title} {period} {reason}") in the active language: read back into its
    rule and period, and said with the rule's translated title and reason and the period
    in words. A fixed retention text (a catalog msgid) is translated; a sentence no rule
    reads (an older rule's wording) stays as published."""
    for rule in retention.RULES.values():
        with translation.override("en"):
            head, tail = f"{rule.title} ", f" {rule.reason}"
        if not (text.startswith(head) and text.endswith(tail)):
            continue
        found = _PERIOD.fullmatch(text[len(head) : len(text) - len(tail)])
        if found is None:
            continue
        unit = "days" if found["unit"].startswith("day") else "years"
        period = retention.describe({unit: int(found["count"])})
        return str(RETENTION_SENTENCE) % {
            "rule": rule.title,
            "period": period,
            "reason": rule.reason,
        }
    return gettext(text) if text else text


def render_text(sections: dict[str, Any]) -> str:
    lines = [
        f"Privacy notice of {sections['controller']}",
        f"Contact: {sections['contact']}",
        "",
    ]
    for c in sections["categories"]:
        lines += [
            f"## {c['title']}",
            "Data: " + "; ".join(c["data"]),
            f"Purpose: {c['purpose']}",
            f"Legal basis: {c['basis']}",
            f"Who sees it: {c['who_sees']}",
            f"How long it is kept: {c['kept']}",
            "",
        ]
    lines += ["## Legal holds", *sections["holds"], "", "## Your rights", *sections["rights"]]
    lines += [sections["deadline"], "", sections["public_log"], ""]
    return "\n".join(lines)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
