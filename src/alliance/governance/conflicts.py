"""Likely conflicts of interest, flagged by the system for each seated member.

A member is flagged when (1) the organisation they come from is the motion's subject,
(2) their organisation and the subject both sell into the same identity-technology
sector (a competitor), (3) for an endorsement, their organisation or a declared
interest has a commercial stake in what is endorsed, or (4) they declared an interest
in the subject organisation. The member then recuses or explains."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.core.reasoning import Form, shown
from alliance.governance.models import BoardSeat, Interest, Motion, MotionKind

# Sectors and disclosures that make two organisations competitors in identity technology.
IDENTITY_TECH_TERMS = (
    "identity",
    "biometric",
    "wallet",
    "credential",
    "trust service",
    "kyc",
    "eid",
    "age verification",
    "national id",
    "facial recognition",
    "iris",
    "signature",
)
_STOPWORDS = frozenset(
    {
        "with",
        "from",
        "that",
        "this",
        "into",
        "over",
        "under",
        "their",
        "the",
        "for",
        "and",
        "standard",
        "approach",
        "technology",
        "endorse",
        "endorsement",
        "alliance",
        "digital",
    }
)


def stance_of(organisation: Any) -> tuple[bool, str]:
    """(has a commercial interest, disclosed text) from the organisation's application."""
    partnership = getattr(organisation, "partnership", None)
    application = (
        partnership.application
        if partnership
        else (organisation.applications.order_by("-created_at").first())
    )
    if application is None or application.has_no_commercial_interest:
        return False, ""
    text = application.commercial_stance_summary
    return bool(text), text


def identity_sectors(organisation: Any) -> set[str]:
    """The organisation's sectors that are identity technology."""
    return {
        s.lower()
        for s in (organisation.sectors or [])
        if any(term in s.lower() for term in IDENTITY_TECH_TERMS)
    }


def subject_keywords(subject: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z0-9][a-z0-9\-]{3,}", subject.lower()) if w not in _STOPWORDS
    }


def mentions(text: str, keywords: set[str]) -> list[str]:
    lowered = text.lower()
    return sorted(k for k in keywords if re.search(rf"\b{re.escape(k)}", lowered))


def commercially_interested(organisation: Any, subject: str) -> str | None:
    """Why the organisation has a commercial stake in an endorsement subject, if it has."""
    has_interest, text = stance_of(organisation)
    words = mentions(text, subject_keywords(subject)) if has_interest else []
    if words:
        return COMMERCIAL_STANCE.format(words=", ".join(words))
    return None


# Why a partner benefits from an endorsement, as actions.suggested_beneficiaries stores it
# in a neutrality review's beneficiaries (English, as recorded); ``why_shown`` reads each
# back in the reader's language. The words are the endorsement subject's own, as written.
COMMERCIAL_STANCE = "its disclosed commercial stance mentions {words}"
DECLARED_INTEREST = "a Board member's declared interest"
WHY_FORMS = (
    Form(
        COMMERCIAL_STANCE,
        _("its disclosed commercial stance mentions %(words)s"),
        as_written=frozenset({"words"}),
    ),
    Form(DECLARED_INTEREST, _("a Board member's declared interest")),
)


def why_shown(why: str) -> str:
    """Why a beneficiary benefits, in the active language; a reviewer's own words (or
    any text no form reads) as written."""
    return shown(why, WHY_FORMS)


# A flag speaks to the member it concerns ("You declared…"); everyone else reads the
# member's name instead. Flags are stored as flags_for writes them, in English (the
# conflict's record); each form flags_for writes is read back here and shown in the
# reader's language, as the member reads it and as anyone else does. A stored reason of
# no known form is shown as stored.
_REASON_FORMS: tuple[tuple[re.Pattern[str], Any, Any], ...] = (
    (
        re.compile(r"You come from (?P<own>.+), the subject of this motion\."),
        _("You come from %(own)s, the subject of this motion."),
        _("%(member)s comes from %(own)s, the subject of this motion."),
    ),
    (
        re.compile(r"You declared an interest in (?P<subject>.+)\."),
        _("You declared an interest in %(subject)s."),
        _("%(member)s declared an interest in %(subject)s."),
    ),
    (
        re.compile(r"Your declared interest mentions (?P<words>.+)\."),
        _("Your declared interest mentions %(words)s."),
        _("%(member)s's declared interest mentions %(words)s."),
    ),
    (
        re.compile(r"Declared by the member: (?P<reason>.+)", re.DOTALL),
        _("Declared by the member: %(reason)s"),
        _("Declared by the member: %(reason)s"),
    ),
    (
        re.compile(r"The neutrality review lists (?P<own>.+) as benefiting\."),
        _("The neutrality review lists %(own)s as benefiting."),
        _("The neutrality review lists %(own)s as benefiting."),
    ),
    (
        re.compile(
            r"(?P<own>.+) has a commercial interest: its disclosed commercial stance "
            r"mentions (?P<words>.+)\."
        ),
        _("%(own)s has a commercial interest: its disclosed commercial stance mentions %(words)s."),
        _("%(own)s has a commercial interest: its disclosed commercial stance mentions %(words)s."),
    ),
    (
        re.compile(
            r"(?P<own>.+) competes with (?P<subject>.+) in identity technology "
            r"\((?P<sectors>.+)\)\."
        ),
        _("%(own)s competes with %(subject)s in identity technology (%(sectors)s)."),
        _("%(own)s competes with %(subject)s in identity technology (%(sectors)s)."),
    ),
)


def reason_as_seen_by(reason: str, member_name: str, *, is_member: bool) -> str:
    """A flag's reason as the viewer reads it, in the viewer's language: as written for
    the member concerned, with the member's name for anyone else."""
    for pattern, mine, theirs in _REASON_FORMS:
        if found := pattern.fullmatch(reason):
            return str(mine if is_member else theirs) % {**found.groupdict(), "member": member_name}
    return reason


def reasons_as_seen_by(conflict: Any, viewer: Any) -> list[str]:
    is_member = getattr(viewer, "pk", None) == conflict.member_id
    name = conflict.member.display_name
    return [reason_as_seen_by(r, name, is_member=is_member) for r in conflict.reasons]


def flags_for(motion: Motion, seat: BoardSeat, interests: list[Interest]) -> list[str]:
    """Reasons this seated member is likely conflicted on this motion (may be empty)."""
    reasons: list[str] = []
    subject = motion.subject_organisation
    own = seat.organisation
    if subject is not None and own is not None:
        if own.pk == subject.pk:
            reasons.append(f"You come from {own.legal_name}, the subject of this motion.")
        else:
            shared = identity_sectors(own) & identity_sectors(subject)
            both_commercial = stance_of(own)[0] and stance_of(subject)[0]
            if shared and both_commercial:
                reasons.append(
                    f"{own.legal_name} competes with {subject.legal_name} in identity "
                    f"technology ({', '.join(sorted(shared))})."
                )
    for interest in interests:
        if subject is not None and interest.organisation_id == subject.pk:
            reasons.append(f"You declared an interest in {subject.legal_name}.")
    if motion.kind == MotionKind.ENDORSEMENT:
        keywords = subject_keywords(motion.endorsement_subject)
        if own is not None and (why := commercially_interested(own, motion.endorsement_subject)):
            reasons.append(f"{own.legal_name} has a commercial interest: {why}.")
        review = getattr(motion, "neutrality_review", None) if motion.pk else None
        if (
            own is not None
            and review is not None
            and any(b.get("organisation_id") == own.pk for b in review.beneficiaries)
        ):
            reasons.append(f"The neutrality review lists {own.legal_name} as benefiting.")
        for interest in interests:
            if words := mentions(interest.description, keywords):
                reasons.append(f"Your declared interest mentions {', '.join(words)}.")
    return list(dict.fromkeys(reasons))
