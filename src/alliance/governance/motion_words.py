"""An admission or decline motion's title and text in the reader's language.

``lifecycle.admission_motion_text`` states them from the case, in the language of the
person who opened the motion, and the motion stores them so (the title is also signed
in the log). Each line has a form (``core.reasoning``): read back here, the title and
the text are shown in the reader's language, the case's risk level, recommendation and
the risk engine's reasoning in its words; names, the mitigations and the mover's note
stay as written. A title or line no form reads (a motion the mover worded) is shown as
written."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance.core.reasoning import Form, shown
from alliance.diligence.labels import code_words
from alliance.diligence.models import Recommendation
from alliance.diligence.reasoning import risk_step_shown

_ORGANISATION = frozenset({"organisation"})


def _risk_level(code: str) -> str:
    return code_words("risk level", code)


def _recommendation(english: str) -> str:
    """The case's recommendation as stored in the text (its English label) in words."""
    with translation.override("en-gb"):
        by_english = {str(label): label for _code, label in Recommendation.choices}
    return str(by_english[english]) if english in by_english else english


TITLE_FORMS = (
    Form(
        "Admit {organisation} as a partner",
        _("Admit %(organisation)s as a partner"),
        as_written=_ORGANISATION,
    ),
    Form(
        "Decline the application of {organisation}",
        _("Decline the application of %(organisation)s"),
        as_written=_ORGANISATION,
    ),
)

TEXT_FORMS = (
    Form(
        "Due-diligence case #{case}, revision {revision}: prepared by {preparer}, "
        "signed off by {signer}.",
        _(
            "Due-diligence case #%(case)s, revision %(revision)s: prepared by %(preparer)s, "
            "signed off by %(signer)s."
        ),
        as_written=frozenset({"case", "revision", "preparer", "signer"}),
    ),
    # Before the plain level: its pattern would read this line too.
    Form(
        "Risk level: {level} (overridden from {computed}: {reason}).",
        _("Risk level: %(level)s (overridden from %(computed)s: %(reason)s)."),
        words={"level": _risk_level, "computed": _risk_level},
        as_written=frozenset({"reason"}),
    ),
    Form("Risk level: {level}.", _("Risk level: %(level)s."), words={"level": _risk_level}),
    Form(
        "Recommendation: {recommendation}. {reasoning}",
        _("Recommendation: %(recommendation)s. %(reasoning)s"),
        words={"recommendation": _recommendation, "reasoning": risk_step_shown},
    ),
    Form(
        "Mitigations: {mitigations}",
        _("Mitigations: %(mitigations)s"),
        as_written=frozenset({"mitigations"}),
    ),
    Form(
        "The Board admits {organisation} as a partner of the alliance.",
        _("The Board admits %(organisation)s as a partner of the alliance."),
        as_written=_ORGANISATION,
    ),
    Form(
        "The Board declines the application of {organisation}.",
        _("The Board declines the application of %(organisation)s."),
        as_written=_ORGANISATION,
    ),
)

MOVERS_NOTE = "Mover’s note: "  # as stored (English), before the mover's words
# The label as the reader sees it (outside the f-string below, where makemessages would
# not see it).
MOVERS_NOTE_LABEL = _("Mover’s note:")


def motion_title_shown(title: str) -> str:
    return shown(str(title), TITLE_FORMS)


def motion_text_shown(text: str) -> str:
    """The motion's text, line by line, in the reader's language."""
    lines = []
    for line in str(text).split("\n"):
        if line.startswith(MOVERS_NOTE):
            # The mover's own words stay as written; only the label is translated.
            lines.append(f"{MOVERS_NOTE_LABEL} {line[len(MOVERS_NOTE) :]}")
        else:
            lines.append(shown(line, TEXT_FORMS))
    return "\n".join(lines)


def _recused(names: str) -> str:
    # "recused: none" in each language's agreement (French "récusé(s) : aucun").
    return str(pgettext_lazy("nobody recused", "none")) if names == "none" else names


# The reason a passed motion's Board decision records (governance.actions.motions), read
# in an organisation's history.
DECISION_REASON_FORMS = (
    Form(
        "Board motion #{number} '{title}' passed under rules v{version}: {votes_for} for, "
        "{votes_against} against, {abstentions} abstaining; recused: {recused}.",
        _(
            "Board motion #%(number)s '%(title)s' passed under rules v%(version)s: "
            "%(votes_for)s for, %(votes_against)s against, %(abstentions)s abstaining; "
            "recused: %(recused)s."
        ),
        words={"title": motion_title_shown, "recused": _recused},
        as_written=frozenset({"number", "version"}),
    ),
)


def decision_reason_shown(reason: str) -> str:
    """A Board decision's recorded reason in the reader's language (as written if it is
    not the one the platform records)."""
    return shown(str(reason), DECISION_REASON_FORMS)


# The reasons the partnership flow writes on what a Board decision moves (pledges,
# memberships, motions withdrawn, credentials; governance.partnership_flow), and the
# tier change a renewal writes (governance.flows): stored in English, read here.
PARTNERSHIP_MOVED = "Board decision #{number}: partnership {status}"
PARTNERSHIP_MOVED_AFTER_NOTICE = PARTNERSHIP_MOVED + " (notice of {sent}: {reasons})"
TIER_CHANGED = "tier changed from {before} to {after}"
NOTICE_DATE = "%d %B %Y"  # the notice's date in that reason (English month names)


def _notice_date(text: str) -> str:
    from datetime import datetime

    from alliance.core.i18n import date_shown

    try:
        day = datetime.strptime(text, NOTICE_DATE).date()
    except ValueError:
        return text
    return date_shown(day, "DATE_FORMAT")


# A partnership's status inside that reason, agreeing with "partnership" in each language
# (French "partenariat suspendu", Spanish "asociación suspendida").
_STATUS_IN_REASON = {
    "active": pgettext_lazy("partnership ...", "active"),
    "suspended": pgettext_lazy("partnership ...", "suspended"),
    "terminated": pgettext_lazy("partnership ...", "terminated"),
    "withdrawn": pgettext_lazy("partnership ...", "withdrawn"),
}


def _partnership_status(code: str) -> str:
    return str(_STATUS_IN_REASON[code]) if code in _STATUS_IN_REASON else code


AUDIT_REASON_FORMS = (
    *DECISION_REASON_FORMS,
    Form(
        PARTNERSHIP_MOVED_AFTER_NOTICE,
        _("Board decision #%(number)s: partnership %(status)s (notice of %(sent)s: %(reasons)s)"),
        words={"status": _partnership_status, "sent": _notice_date},
        as_written=frozenset({"number", "reasons"}),
    ),
    Form(
        PARTNERSHIP_MOVED,
        _("Board decision #%(number)s: partnership %(status)s"),
        words={"status": _partnership_status},
        as_written=frozenset({"number"}),
    ),
    Form(
        TIER_CHANGED,
        _("tier changed from %(before)s to %(after)s"),
        as_written=frozenset({"before", "after"}),
    ),
)
