"""Words for funding's codes that come from the engine rather than model choices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.engines.tiers.money import InstalmentStatus

INSTALMENT_STATUS_LABELS: dict[str, Any] = {
    InstalmentStatus.UNPAID.value: _("Unpaid"),
    InstalmentStatus.PARTLY_PAID.value: _("Partly paid"),
    InstalmentStatus.PAID.value: _("Paid"),
}


def instalment_status(code: str, overdue: bool = False) -> str:
    words = str(INSTALMENT_STATUS_LABELS.get(str(code), str(code).replace("_", " ").capitalize()))
    return str(_("{status}, overdue")).format(status=words) if overdue else words


# The tier schedule's codes (organisation type, size band, income group) in words, as
# the engine's WORDS say them in English (engines import no Django, so the translation
# is here). A sentence-initial capital: the schedule table shows them as cells.
SCHEDULE_WORDS: dict[str, Any] = {
    "company": _("Company"),
    "ngo": _("Non-governmental organisation"),
    "government": _("Government body"),
    "un_agency": _("UN agency"),
    "academic": _("Academic institution"),
    "foundation": _("Foundation"),
    "network": _("Network"),
    "other": _("Other organisation"),
    "under_1m": _("Under US$1M"),
    "1m_10m": _("US$1M–10M"),
    "10m_100m": _("US$10M–100M"),
    "100m_1bn": _("US$100M–1bn"),
    "over_1bn": _("Over US$1bn"),
    "1_10": _("1–10 staff"),
    "11_50": _("11–50 staff"),
    "51_250": _("51–250 staff"),
    "251_1000": _("251–1,000 staff"),
    "over_1000": _("Over 1,000 staff"),
    "low": _("Low income"),
    "lower_middle": _("Lower-middle income"),
    "upper_middle": _("Upper-middle income"),
    "high": _("High income"),
}


def schedule_words(code: Any) -> str:
    """A schedule code in words, in the active language; an unknown code as the engine
    says it."""
    from alliance.engines.tiers.schedule import words

    value = str(getattr(code, "value", code))
    if value in SCHEDULE_WORDS:
        return str(SCHEDULE_WORDS[value])
    text = words(value)
    return text[:1].upper() + text[1:]


# The benefits of the seeded schedule's tiers (engines.tiers.default_schedule), as the
# engine writes them in English (engines import no Django): each one's translation, the
# English as msgid. A version's data keeps its English; a benefit a later version words
# otherwise is shown as that version wrote it.
TIER_BENEFITS: dict[str, Any] = {
    "Recognition as a strategic partner on the public register": _(
        "Recognition as a strategic partner on the public register"
    ),
    "Eligible for a Board seat where the governance rules provide one": _(
        "Eligible for a Board seat where the governance rules provide one"
    ),
    "May chair working groups and advisory committees": _(
        "May chair working groups and advisory committees"
    ),
    "Participation in every working group": _("Participation in every working group"),
    "Recognition as a partner on the public register": _(
        "Recognition as a partner on the public register"
    ),
    "Participation in working groups and advisory committees": _(
        "Participation in working groups and advisory committees"
    ),
    "Recognition as a supporter on the public register": _(
        "Recognition as a supporter on the public register"
    ),
    "Participation in working groups": _("Participation in working groups"),
}


def _catalogued(table: dict[str, Any], text: Any) -> str:
    """``text`` (English, as the engine wrote it) in the active language from ``table``;
    a text the table does not know as written."""
    english = str(text)
    return str(table[english]) if english in table else english


def tier_benefit(text: Any) -> str:
    """A tier's benefit (as a schedule version stores it, in English) in the active
    language; one the catalog does not know as written."""
    return _catalogued(TIER_BENEFITS, text)


# The founding recognition's description in the seeded schedule (engines.tiers), as the
# engine writes it in English; like the benefits, a version's data keeps its English and a
# description a later version words otherwise is shown as written.
FOUNDING_DESCRIPTIONS: dict[str, Any] = {
    "one of the founding cohort, whose early multi-year commitments (of the order of "
    "US$1M over three years) made the alliance possible.": _(
        "one of the founding cohort, whose early multi-year commitments (of the order of "
        "US$1M over three years) made the alliance possible."
    ),
}


def founding_description(text: Any) -> str:
    """The schedule's founding recognition (stored in English) in the active language."""
    return _catalogued(FOUNDING_DESCRIPTIONS, text)
