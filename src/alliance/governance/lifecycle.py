"""The admission lifecycle's guard and next steps, in one place.

Application x case x motion x partnership (docs/lifecycle.md): the application's status
follows its admission case (organisations.actions.application_follow_case, called by the
case actions); an admission or decline motion opens, and closes, only while the current
case revision is signed off by someone other than its preparer and has a Board pack made
from that revision (``check_admission_ready``). Every path (pages, API, demo,
``motion_close``) goes through this check.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance.core.errors import ActionError, IllegalTransition
from alliance.core.i18n import date_shown
from alliance.diligence.models import BoardPack, Case
from alliance.diligence.selectors import (
    case_next_step,
    current_admission_case,
    current_board_pack,
    open_requests_for,
)
from alliance.governance.models import (
    Motion,
    MotionKind,
    MotionStatus,
    NeutralityReview,
    NeutralityVerdict,
)
from alliance.governance.motion_words import MOVERS_NOTE
from alliance.governance.selectors import motion_tally
from alliance.organisations.choices import ApplicationStatus as A
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Application

ERR_NO_CASE = gettext_lazy("This application has no due-diligence case yet.")
ERR_CASE_NOT_SIGNED = gettext_lazy(
    "The current revision of the due-diligence case is not signed off: the Board decides "
    "only on a signed-off case."
)
ERR_SIGNED_BY_PREPARER = gettext_lazy(
    "The due-diligence case was signed off by its own preparer: a second person must sign it."
)
ERR_NO_BOARD_PACK = gettext_lazy(
    "The signed-off case has no Board pack for its current revision: make the Board pack first."
)
ERR_NOT_READY = gettext_lazy("The application is not ready for a Board decision.")
ERR_CASE_CHANGED = gettext_lazy(
    "The due-diligence case was reopened or revised after this motion opened: it cannot "
    "close until the case is signed off again and a fresh Board pack is made."
)

ERR_MOTION_CLOSED = gettext_lazy("Voting on this motion has closed.")
ERR_NOT_YET_CLOSABLE = gettext_lazy(
    "A written resolution closes at its deadline, or once every seated member has voted."
)
# A motion put to a meeting is decided there: not closed (nor tallied as final) before the
# meeting starts, whichever path closes it (the page, the action).
ERR_MEETING_NOT_STARTED = gettext_lazy(
    "This motion is decided at its meeting, which starts {starts}: voting cannot be "
    "closed before then."
)
ERR_NEUTRALITY_REQUIRED = gettext_lazy(
    "An endorsement cannot pass without a completed neutrality review."
)
ERR_NEUTRALITY_FAVOURS_ONE = gettext_lazy(
    "The neutrality review found the endorsement would favour a single party: it cannot pass."
)

ADMISSION_KINDS = frozenset({MotionKind.ADMISSION, MotionKind.DECLINE})


def admission_case_and_pack(application: Application) -> tuple[Case, BoardPack]:
    """The current case revision and its Board pack, or the refusal that says which
    precondition is missing."""
    case = current_admission_case(application)
    if case is None:
        raise ActionError(ERR_NO_CASE)
    if not case.is_signed:
        raise ActionError(ERR_CASE_NOT_SIGNED)
    if case.signed_off_by_id is None or case.signed_off_by_id == case.prepared_by_id:
        raise ActionError(ERR_SIGNED_BY_PREPARER)
    pack = current_board_pack(case)
    if pack is None:
        raise ActionError(ERR_NO_BOARD_PACK)
    return case, pack


def check_admission_ready(application: Application) -> tuple[Case, BoardPack]:
    """Refuse unless an admission or decline motion may open (or close) on the
    application. Returns the case and Board pack the Board decides on."""
    case, pack = admission_case_and_pack(application)
    if application.status != A.READY_FOR_BOARD:
        raise ActionError(ERR_NOT_READY)
    return case, pack


def admission_ready(application: Application) -> bool:
    try:
        check_admission_ready(application)
    except ActionError:
        return False
    return True


def applications_ready_for_board() -> list[Application]:
    """The applications an admission or decline motion may open on now (the Board page
    and the motion form list these, and only these)."""
    return [
        a
        for a in Application.objects.filter(status=A.READY_FOR_BOARD).select_related("organisation")
        if admission_ready(a)
    ]


def check_motion_closable(motion: Motion, today: date | None = None) -> None:
    """Refuse unless the chair may close the motion now: the one predicate of
    ``actions.motion_close`` and of the motion page's "Close voting" button.

    The motion is open; a written resolution has reached its deadline or every seated
    member has voted; an endorsement has its neutrality review, finding it neutral; an
    admission or decline motion's application case is (again) signed off by a second
    person, with a Board pack of that revision."""
    today = today or timezone.localdate()
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    check_meeting_started(motion, today)
    if motion.deadline is not None and today <= motion.deadline:
        result = motion_tally(motion, closed=False)
        if result.votes_for + result.votes_against + result.abstentions < result.seats:
            raise ActionError(ERR_NOT_YET_CLOSABLE)
    if motion.kind == MotionKind.ENDORSEMENT:
        review = NeutralityReview.objects.filter(motion=motion).first()
        if review is None:
            raise ActionError(ERR_NEUTRALITY_REQUIRED)
        if review.verdict != NeutralityVerdict.NEUTRAL:
            raise ActionError(ERR_NEUTRALITY_FAVOURS_ONE)
    if motion.kind in ADMISSION_KINDS and motion.application is not None:
        try:
            check_admission_ready(motion.application)
        except ActionError as error:
            raise ActionError(ERR_CASE_CHANGED) from error


def check_meeting_started(motion: Motion, today: date) -> None:
    """Refuse (ERR_MEETING_NOT_STARTED) while the meeting a motion is put to has not
    started: now is before its start and ``today`` is not a later day."""
    meeting = motion.meeting
    if meeting is None:
        return
    starts = meeting.starts_at
    if timezone.now() >= starts or today > timezone.localdate(starts):
        return
    raise ActionError(
        str(ERR_MEETING_NOT_STARTED).format(
            starts=date_shown(timezone.localtime(starts), "DATETIME_FORMAT")
        )
    )


def motion_closable(motion: Motion, today: date | None = None) -> bool:
    try:
        check_motion_closable(motion, today)
    except ActionError:
        return False
    return True


def admission_motion_text(case: Case, kind: str = MotionKind.ADMISSION) -> tuple[str, str]:
    """The motion's title and text, stated from the case itself: its actual risk level,
    recommendation and mitigations, who prepared and who signed it off."""
    organisation = case.organisation.legal_name
    computed = case.assessment.get("computed_level") or ""
    level = case.level or _("not assessed")
    lines = [
        _(
            "Due-diligence case #%(case)s, revision %(revision)s: prepared by %(preparer)s, "
            "signed off by %(signer)s."
        )
        % {
            "case": case.pk,
            "revision": case.revision,
            "preparer": case.prepared_by.display_name if case.prepared_by else "—",
            "signer": case.signed_off_by.display_name if case.signed_off_by else "—",
        },
        _("Risk level: %(level)s.") % {"level": level}
        if not case.override_level
        else _("Risk level: %(level)s (overridden from %(computed)s: %(reason)s).")
        % {"level": level, "computed": computed or "—", "reason": case.override_reason},
        _("Recommendation: %(recommendation)s. %(reasoning)s")
        % {
            "recommendation": case.get_recommendation_display()
            or translation.pgettext("no recommendation", "none"),
            "reasoning": case.recommendation_reasoning,
        },
    ]
    if case.mitigations:
        lines.append(_("Mitigations: %(mitigations)s") % {"mitigations": case.mitigations})
    if kind == MotionKind.DECLINE:
        title = _("Decline the application of %(organisation)s") % {"organisation": organisation}
        lines.append(
            _("The Board declines the application of %(organisation)s.")
            % {"organisation": organisation}
        )
    else:
        title = _("Admit %(organisation)s as a partner") % {"organisation": organisation}
        lines.append(
            _("The Board admits %(organisation)s as a partner of the alliance.")
            % {"organisation": organisation}
        )
    return title, "\n".join(line.strip() for line in lines)


def admission_motion_wording(
    application: Application, kind: str, title: str, text: str
) -> tuple[str, str]:
    """The text an admission or decline motion opens with: the case's statement first,
    then anything the mover adds. Refused (check_admission_ready) without a signed case."""
    case, _pack = check_admission_ready(application)
    # Stored (and the title signed) in English, whatever the mover reads: the pages read
    # them back in each reader's language (governance.motion_words). The form offered
    # the case's wording in the mover's language; given back unchanged, it is the case's.
    offered_title, offered = admission_motion_text(case, kind)
    with translation.override(settings.LANGUAGE_CODE):
        derived_title, statement = admission_motion_text(case, kind)
    note = text.strip()
    if note and note not in (statement, offered):
        statement = f"{statement}\n\n{MOVERS_NOTE}{note}"
    title = title.strip()
    return (derived_title if title in ("", offered_title) else title), statement


def open_admission_motion(application: Application) -> Motion | None:
    return Motion.objects.filter(
        application=application, kind__in=ADMISSION_KINDS, status=MotionStatus.OPEN
    ).first()


def staff_next_step(application: Application) -> str:
    """What the secretariat, reviewers or Board must do next, from the state alone."""
    status = application.status
    if status == A.DRAFT:
        return _("The applicant completes and submits the application.")
    if status in (A.APPROVED, A.DECLINED, A.WITHDRAWN):
        return _("Nothing: the application is %(status)s.") % {
            "status": application.get_status_display().lower()
        }
    case = current_admission_case(application)
    if case is None:
        return _("A reviewer opens the due-diligence case.")
    pending = [r for r in open_requests_for(application.organisation) if r.answered_at is None]
    waiting = (
        " " + _("The applicant has %(n)s question(s) to answer.") % {"n": len(pending)}
        if pending
        else ""
    )
    if status == A.READY_FOR_BOARD:
        motion = open_admission_motion(application)
        if motion is not None:
            return _("Board members vote on motion #%(pk)s; the chair then closes it.") % {
                "pk": motion.pk
            }
    return case_next_step(case) + waiting


def _partner_next_step(application: Application) -> str:
    partnership = getattr(application, "partnership", None)
    if partnership is None:
        return _("Welcome to the alliance.")
    if partnership.status == PartnershipStatus.SUSPENDED:
        return _("Your partnership is suspended: read the Board's notice above.")
    if partnership.status == PartnershipStatus.TERMINATED:
        return _("Your partnership is terminated: read the Board's notice above.")
    notice = partnership.notices.first()
    if notice is not None and not notice.responded_on:
        return _("Respond to the Board's notice above by %(date)s.") % {
            "date": date_shown(notice.response_due, "j F Y")
        }
    return _("Welcome to the alliance.")


def applicant_next_step(application: Application) -> str:
    """The applicant's "what is asked of you", from the state and any open question."""
    status = application.status
    if status == A.DRAFT:
        return _("Finish and submit your application.")
    if status == A.APPROVED:
        return _partner_next_step(application)
    if status == A.DECLINED:
        return _("The Board declined this application.")
    if status == A.WITHDRAWN:
        return _("This application was withdrawn.")
    pending = [r for r in open_requests_for(application.organisation) if r.answered_at is None]
    if pending:
        return _(
            "Answer the secretariat's question (%(n)s waiting) on your organisation's page."
        ) % {"n": len(pending)}
    if status == A.READY_FOR_BOARD:
        return _("Nothing for now: due diligence is complete and the Board will decide.")
    return _("Nothing for now: due diligence is under way.")
