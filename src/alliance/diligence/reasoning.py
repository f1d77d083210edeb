"""The risk engine's reasoning (``engines.risk.rule``, English) in the reader's language:
each sentence form the engine writes, and its msgid (see ``core.reasoning``). Depth,
level, severity, status and ESG commitment are engine codes the catalog already
translates (``diligence.labels``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.utils.translation import gettext_lazy as _

from alliance.core.reasoning import Form, shown, word_in
from alliance.diligence import labels

# engines.risk.rule.TYPE_WORDS (a company, which it does not list, as its code) and
# RELATIONSHIP_WORDS, as they read in a sentence.
TYPE_WORDS = word_in(
    {
        "company": _("company"),
        "non-governmental organisation": _("non-governmental organisation"),
        "UN agency": _("UN agency"),
        "government body": _("government body"),
        "academic institution": _("academic institution"),
        "other organisation": _("other organisation"),
    }
)
RELATIONSHIP_WORDS = word_in(
    {
        "a membership": _("a membership"),
        "an in-kind partnership": _("an in-kind partnership"),
        "a financial partnership": _("a financial partnership"),
        "a governance role": _("a governance role"),
        "a relationship": _("a relationship"),
    }
)


def _code(context: str) -> Callable[[str], str]:
    """An engine code in words (``low``, ``enhanced``…), from the catalog, as the kind of
    code ``context`` agrees it (``labels.code_words``)."""
    return partial(labels.code_words, context)


_LEVEL = _code(labels.RISK_LEVEL)


THRESHOLD_FORMS = (
    Form("{level} from {points}", _("%(level)s from %(points)s"), {"level": _LEVEL}),
)


def _thresholds(text: str) -> str:
    return ", ".join(shown(part, THRESHOLD_FORMS) for part in text.split(", "))


RISK_FORMS = (
    Form(
        "Policy: {title}, version {version}.",
        _("Policy: %(title)s, version %(version)s."),
        as_written=frozenset({"title", "version"}),
    ),
    Form(
        "Depth of review: {depth}, for a {org_type} asking for {relationship}.",
        _("Depth of review: %(depth)s, for a %(org_type)s asking for %(relationship)s."),
        {
            "depth": _code(labels.REVIEW_DEPTH),
            "org_type": TYPE_WORDS,
            "relationship": RELATIONSHIP_WORDS,
        },
    ),
    Form(
        "Exclusionary criterion {number} ({name}) confirmed: {activity}.",
        _("Exclusionary criterion %(number)s (%(name)s) confirmed: %(activity)s."),
        as_written=frozenset({"number", "name", "activity"}),
    ),
    Form(
        "Any confirmed exclusionary hit makes the organisation ineligible.",
        _("Any confirmed exclusionary hit makes the organisation ineligible."),
    ),
    Form(
        "None of the {count} exclusionary criteria is confirmed.",
        _("None of the %(count)s exclusionary criteria is confirmed."),
    ),
    Form(
        "High-risk sector ({names}): +{points}.",
        _("High-risk sector (%(names)s): +%(points)s."),
        as_written=frozenset({"names"}),
    ),
    Form("No high-risk sector: +0.", _("No high-risk sector: +0.")),
    Form(
        "Controversy, {severity}, {status} — {summary}: +{points}.",
        _("Controversy, %(severity)s, %(status)s — %(summary)s: +%(points)s."),
        {"severity": _code(labels.SEVERITY), "status": _code(labels.CONTROVERSY_STATUS)},
        as_written=frozenset({"summary"}),
    ),
    Form(
        "Controversy, {severity}, {status}: +{points}.",
        _("Controversy, %(severity)s, %(status)s: +%(points)s."),
        {"severity": _code(labels.SEVERITY), "status": _code(labels.CONTROVERSY_STATUS)},
    ),
    Form("No controversies found: +0.", _("No controversies found: +0.")),
    Form(
        "ESG commitment {commitment} ({count} of {total} principles evidenced: UN Global "
        "Compact and UNGPs): +{points}.",
        _(
            "ESG commitment %(commitment)s (%(count)s of %(total)s principles evidenced: UN "
            "Global Compact and UNGPs): +%(points)s."
        ),
        {"commitment": _code(labels.ESG_COMMITMENT)},
    ),
    Form(
        "ESG commitment not scored for a {org_type}.",
        _("ESG commitment not scored for a %(org_type)s."),
        {"org_type": TYPE_WORDS},
    ),
    Form(
        "{count} screening hit(s) not yet decided: +{points}.",
        _("%(count)s screening hit(s) not yet decided: +%(points)s."),
    ),
    Form("No undecided screening hits: +0.", _("No undecided screening hits: +0.")),
    Form(
        "Total {points} point(s) ({thresholds}): risk level {level}.",
        _("Total %(points)s point(s) (%(thresholds)s): risk level %(level)s."),
        {"thresholds": _thresholds, "level": _LEVEL},
    ),
    Form(
        "Re-assess every {months} months at level {level}.",
        _("Re-assess every %(months)s months at level %(level)s."),
        {"level": _LEVEL},
    ),
    Form(
        "Reviewer override: level {old} -> {new}, re-assess every {months} months. "
        "Reason: {reason}",
        _(
            "Reviewer override: level %(old)s -> %(new)s, re-assess every %(months)s months. "
            "Reason: %(reason)s"
        ),
        {"old": _LEVEL, "new": _LEVEL},
        as_written=frozenset({"reason"}),
    ),
)


def risk_step_shown(step: str) -> str:
    """One step of a risk assessment's reasoning in the active language (as written if
    unknown)."""
    return shown(step, RISK_FORMS)


# Why a case was opened (``Case.reason``) as diligence.actions and the screening app
# write it, in English (stored, and the case's audit record); a reviewer's own reason
# is shown as written.
OPENED_BY_HAND = "Opened by hand."  # a case opened from the application's page
# The audit reason of a prepared case sent back to open by a change (diligence.actions).
PREPARATION_WITHDRAWN = "The case changed after it was prepared; prepare it again for sign-off."

CASE_REASON_FORMS = (
    Form("Application submitted.", _("Application submitted.")),
    Form(OPENED_BY_HAND, _("Opened by hand.")),
    Form(
        "Scheduled re-assessment at level {level}, due {due}.",
        _("Scheduled re-assessment at level %(level)s, due %(due)s."),
        {"level": _LEVEL},
    ),
    Form("Scheduled re-assessment, due {due}.", _("Scheduled re-assessment, due %(due)s.")),
    Form(
        "New controversy: {title}",
        _("New controversy: %(title)s"),
        as_written=frozenset({"title"}),
    ),
    Form(
        "Sanctions list update ({name}, {loaded}) produced new or changed screening hits.",
        _("Sanctions list update (%(name)s, %(loaded)s) produced new or changed screening hits."),
        as_written=frozenset({"name"}),
    ),
)


# The reasons due diligence writes on its audit events, for the audit pages.
AUDIT_REASON_FORMS = (
    *CASE_REASON_FORMS,
    Form(
        PREPARATION_WITHDRAWN,
        _("The case changed after it was prepared; prepare it again for sign-off."),
    ),
)


def case_reason_shown(reason: str) -> str:
    """Why a case was opened, in the active language (as written if no form reads it)."""
    return shown(reason, CASE_REASON_FORMS)


# The note diligence.actions.open_reassessments_for adds (no author) to a case already
# open, quoting the reason another case would have been opened for.
NOTE_FORMS = (
    Form(
        "Re-check requested: {reason}",
        _("Re-check requested: %(reason)s"),
        {"reason": case_reason_shown},
    ),
)


def system_note_shown(text: str) -> str:
    """A note the system wrote on a case, in the active language (as written if no form
    reads it)."""
    return shown(text, NOTE_FORMS)
