"""The tier engine's reasoning (``engines.tiers.schedule.recommend_tier``) and a pledge
allocation's (``engines.tiers.money.allocate``), English, in the reader's language: each
sentence form the engines write, and its msgid (see ``core.reasoning``). Schedule codes
in words come from ``labels.SCHEDULE_WORDS``, tier names from the schedule's
translations."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from alliance.core.reasoning import Form, mid_sentence, shown
from alliance.engines.tiers.schedule import WORDS
from alliance.funding import labels, selectors
from alliance.funding.models import TierScheduleVersion

_CODE_OF_WORDS = {english: code for code, english in WORDS.items()}


def schedule_word(english: str) -> str:
    """An engine's schedule words ("non-governmental organisation", "US$1M–10M") in the
    active language, as they read inside a sentence."""
    code = _CODE_OF_WORDS.get(english)
    if code is None or code not in labels.SCHEDULE_WORDS:
        return english
    return mid_sentence(labels.SCHEDULE_WORDS[code])


def tier_name(name: str, version: TierScheduleVersion | None = None) -> str:
    """A tier's (English) name in the active language, from the translations of the
    schedule version the reasoning was worked out under (default: the one in force)."""
    return selectors.tier_label(name, version)


# Why an offer or waiver cannot stand (the engine's ``TierError`` messages), as
# funding.actions quotes them in an assignment's reasoning.
PROBLEM_FORMS = (
    Form(
        "An applicant can offer more or ask for a waiver, not both.",
        _("An applicant can offer more or ask for a waiver, not both."),
    ),
    Form(
        "A revenue/budget band or a staff band is needed.",
        _("A revenue/budget band or a staff band is needed."),
    ),
    Form(
        "An offer of {offer} is below the suggested {amount}; ask for a waiver instead, "
        "with a reason.",
        _(
            "An offer of %(offer)s is below the suggested %(amount)s; ask for a waiver "
            "instead, with a reason."
        ),
    ),
    Form(
        "The tier {tier} does not allow the contribution to be waived.",
        _("The tier %(tier)s does not allow the contribution to be waived."),
        {"tier": tier_name},
    ),
    Form("A waiver needs a written reason.", _("A waiver needs a written reason.")),
)

# A waiver's reason is the applicant's own words, shown as written, except the one
# funding.actions.partnership_renew writes when it carries a waiver into a new period.
REASON_FORMS = (
    Form(
        "Renewal of the waiver granted from {start}.",
        _("Renewal of the waiver granted from %(start)s."),
    ),
)


def problem_shown(problem: str) -> str:
    """Why an offer or waiver cannot stand, in the active language (as written if no
    form reads it)."""
    return shown(problem, PROBLEM_FORMS)


def reason_shown(reason: str) -> str:
    """A waiver's reason: the renewal's own sentence translated, the applicant's words
    as written."""
    return shown(reason, REASON_FORMS)


TIER_FORMS = (
    # funding.selectors.organisation_profile's note, stored before the engine's steps.
    Form(
        "No home-country income group given: the high-income rate applies.",
        _("No home-country income group given: the high-income rate applies."),
    ),
    Form(
        "Schedule version {version}, amounts in {currency} per year.",
        _("Schedule version %(version)s, amounts in %(currency)s per year."),
        as_written=frozenset({"version"}),
    ),
    Form(
        "Size from revenue or budget: {band}.",
        _("Size from revenue or budget: %(band)s."),
        {"band": schedule_word},
    ),
    Form(
        "No revenue or budget given; the staff band ({staff}) stands in for the size band {band}.",
        _(
            "No revenue or budget given; the staff band (%(staff)s) stands in for the size "
            "band %(band)s."
        ),
        {"staff": schedule_word, "band": schedule_word},
    ),
    Form(
        "The Board fixed this cell of the schedule by hand: {amount}.",
        _("The Board fixed this cell of the schedule by hand: %(amount)s."),
    ),
    Form(
        "Base for size {band}: {base}; × {type_multiplier} for a {org_type}; × "
        "{income_multiplier} for a home country of {income} = {amount}.",
        _(
            "Base for size %(band)s: %(base)s; × %(type_multiplier)s for a %(org_type)s; × "
            "%(income_multiplier)s for a home country of %(income)s = %(amount)s."
        ),
        {"band": schedule_word, "org_type": schedule_word, "income": schedule_word},
    ),
    Form(
        "Rounded to a step, at least the floor of {floor}: {amount}, which falls in the "
        "tier {tier} (minimum {minimum}).",
        _(
            "Rounded to a step, at least the floor of %(floor)s: %(amount)s, which falls in "
            "the tier %(tier)s (minimum %(minimum)s)."
        ),
        {"tier": tier_name},
    ),
    Form("The applicant offers {amount} a year.", _("The applicant offers %(amount)s a year.")),
    Form(
        "The offer reaches the minimum of the tier {tier} ({minimum}): moved up.",
        _("The offer reaches the minimum of the tier %(tier)s (%(minimum)s): moved up."),
        {"tier": tier_name},
    ),
    Form(
        "Waiver asked for, which the tier {tier} allows: {reason}",
        _("Waiver asked for, which the tier %(tier)s allows: %(reason)s"),
        {"tier": tier_name, "reason": reason_shown},
    ),
    Form(
        "Up to {share} ({amount}) may be given in kind (expertise, technology, networks, "
        "convening) at its declared value.",
        _(
            "Up to %(share)s (%(amount)s) may be given in kind (expertise, technology, "
            "networks, convening) at its declared value."
        ),
    ),
    Form(
        "Contributions in the tier {tier} are in cash.",
        _("Contributions in the tier %(tier)s are in cash."),
        {"tier": tier_name},
    ),
    Form(
        "Founding partner: {description} This recognition stays whatever the tier.",
        _("Founding partner: %(description)s This recognition stays whatever the tier."),
        as_written=frozenset({"description"}),
    ),
    # funding.actions: an admitted partner's tier, and a renewal's steps before the engine's.
    Form(
        "Tier '{tier}' set by the Board's admission decision.",
        _("Tier '%(tier)s' set by the Board's admission decision."),
        {"tier": tier_name},
    ),
    Form(
        "Confirmed by the secretariat; fixed by the Board's admission.",
        _("Confirmed by the secretariat; fixed by the Board's admission."),
    ),
    Form(
        "The tier cannot be worked out: {problem}",
        _("The tier cannot be worked out: %(problem)s"),
        {"problem": problem_shown},
    ),
    Form(
        "Checked under schedule v{version} in force on {since}.",
        _("Checked under schedule v%(version)s in force on %(since)s."),
        as_written=frozenset({"version"}),
    ),
    Form(
        "The confirmation was under v{version}, since replaced.",
        _("The confirmation was under v%(version)s, since replaced."),
        as_written=frozenset({"version"}),
    ),
    Form(
        "The applicant's offer or waiver did not stand: {problem}",
        _("The applicant's offer or waiver did not stand: %(problem)s"),
        {"problem": problem_shown},
    ),
    Form(
        "Renewal from {start}: re-checked under schedule v{version}.",
        _("Renewal from %(start)s: re-checked under schedule v%(version)s."),
        as_written=frozenset({"version"}),
    ),
    Form(
        "The earlier offer or waiver no longer stands: {problem}",
        _("The earlier offer or waiver no longer stands: %(problem)s"),
        {"problem": problem_shown},
    ),
)

ALLOCATION_FORMS = (
    Form(
        "Receipt {reference} ({received_on}): {amount} {currency} to instalment {number} "
        "due {due}.",
        _(
            "Receipt %(reference)s (%(received_on)s): %(amount)s %(currency)s to instalment "
            "%(number)s due %(due)s."
        ),
        as_written=frozenset({"reference"}),
    ),
    Form(
        "Receipt {reference}: {amount} {currency} more than every instalment owed (overpayment).",
        _(
            "Receipt %(reference)s: %(amount)s %(currency)s more than every instalment owed "
            "(overpayment)."
        ),
        as_written=frozenset({"reference"}),
    ),
    Form(
        "Due {due}, received {received}: {owed} still owed, {overpaid} overpaid, {overdue} "
        "overdue at {as_of}.",
        _(
            "Due %(due)s, received %(received)s: %(owed)s still owed, %(overpaid)s overpaid, "
            "%(overdue)s overdue at %(as_of)s."
        ),
    ),
    Form(
        "Due {due}, received {received}: {owed} still owed, {overpaid} overpaid.",
        _("Due %(due)s, received %(received)s: %(owed)s still owed, %(overpaid)s overpaid."),
    ),
)


def tier_step_shown(step: str, version: TierScheduleVersion | None = None) -> str:
    """One step of a tier recommendation's reasoning in the active language; a tier's
    name as ``version`` (the schedule version the recommendation or assignment was
    worked out under; default: the one in force) translates it."""
    if version is None:
        return shown(step, TIER_FORMS)
    return shown(step, TIER_FORMS, {"tier": partial(tier_name, version=version)})


def allocation_step_shown(step: str) -> str:
    """One step of a pledge allocation's reasoning in the active language."""
    return shown(step, ALLOCATION_FORMS)


# A schedule version's decision note: the Board's motion that adopted it
# (governance.actions.motions writes it) or the seed's; any other note (the
# secretariat's words) as written.
DECISION_NOTE_FORMS = (
    Form(
        "Default schedule seeded at installation (docs/engines.md)",
        _("Default schedule seeded at installation (docs/engines.md)"),
    ),
    Form("Seeded default schedule", _("Seeded default schedule")),
    Form(
        "Board motion #{number}: {title}",
        _("Board motion #%(number)s: %(title)s"),
        as_written=frozenset({"number", "title"}),
    ),
)


def decision_note_shown(note: str) -> str:
    """What adopted a schedule version, in the active language (the stored note, which
    the transparency log publishes, stays as written)."""
    return shown(note, DECISION_NOTE_FORMS)
