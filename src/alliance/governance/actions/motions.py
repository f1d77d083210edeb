"""Motions: opened, closed, and carried out as Board decisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.funding import actions as funding
from alliance.governance import flows, outcomes, partnership_flow, recommendation_flow
from alliance.governance import lifecycle as admission_guard
from alliance.governance.actions._base import (
    _APPLICATION_KINDS,
    _PARTNERSHIP_KINDS,
    ERR_ALREADY_OPEN,
    ERR_DEADLINE_OR_MEETING,
    ERR_DEADLINE_TOO_SOON,
    ERR_EMPTY,
    ERR_MOTION_CLOSED,
    ERR_MOTION_SUBJECT,
    ERR_NEEDS_NOTICE,
    ERR_NEUTRALITY_FAVOURS_ONE,
    ERR_NEUTRALITY_REQUIRED,
    ERR_NO_RULES,
    ERR_NOT_BOARD,
    ERR_NOT_CHAIR,
    ERR_NOT_YET_CLOSABLE,
    ERR_PARTNERSHIP_STATE,
    ERR_REASON,
    ERR_RESPONSE_PERIOD,
    ERR_SCHEDULE_DATE,
    ERR_SUBJECT,
    _can_chair,
)
from alliance.governance.actions.conflicts import _flag_conflicts
from alliance.governance.actions.rules import _adopt_rules
from alliance.governance.models import (
    SUBJECTLESS_DECISIONS,
    BoardDecision,
    DecisionKind,
    DueProcessNotice,
    Meeting,
    Motion,
    MotionKind,
    MotionOutcome,
    MotionStatus,
    NeutralityReview,
    NeutralityVerdict,
    NoticeKind,
)
from alliance.governance.notifications import notify
from alliance.governance.rules import validate_rules
from alliance.governance.selectors import (
    motion_tally,
    notice_allows_termination,
    rules_in_force,
)
from alliance.organisations import actions as lifecycle
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Application, Partnership


@transaction.atomic
def board_decision_record(
    *,
    actor: Any,
    kind: str,
    reason: str,
    decided_on: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
) -> BoardDecision:
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed(ERR_NOT_BOARD)
    if not reason.strip():
        raise ActionError(ERR_REASON, field="reason")
    wants_application = kind in _APPLICATION_KINDS
    if kind in SUBJECTLESS_DECISIONS:
        if application is not None or partnership is not None:
            raise ActionError(ERR_SUBJECT)
    elif (application is None) == wants_application or (partnership is None) != wants_application:
        raise ActionError(ERR_SUBJECT)
    decision = BoardDecision.objects.create(
        kind=kind,
        reason=reason.strip(),
        decided_on=decided_on,
        recorded_by=actor,
        application=application,
        partnership=partnership,
    )
    subject = application or partnership
    audit_record(
        actor=actor,
        verb="board_decision.recorded",
        target=decision,
        organisation=subject.organisation if subject else None,
        after={"kind": kind, "decided_on": decided_on.isoformat()},
        reason=reason,
    )
    return decision


def _check_subject(
    kind: str,
    application: Application | None,
    partnership: Partnership | None,
    notice: DueProcessNotice | None,
    today: date,
) -> None:
    if kind in (MotionKind.ADMISSION, MotionKind.DECLINE):
        if application is None:
            raise ActionError(ERR_MOTION_SUBJECT.format(subject="an application"))
        admission_guard.check_admission_ready(application)
    elif kind in _PARTNERSHIP_KINDS:
        if partnership is None:
            raise ActionError(ERR_MOTION_SUBJECT.format(subject="a partnership"))
        allowed = {
            MotionKind.SUSPENSION: {PartnershipStatus.ACTIVE},
            MotionKind.REINSTATEMENT: {PartnershipStatus.SUSPENDED},
            MotionKind.TERMINATION: {PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED},
        }
        if partnership.status not in allowed[MotionKind(kind)]:
            raise ActionError(ERR_PARTNERSHIP_STATE)
        if kind in (MotionKind.SUSPENSION, MotionKind.TERMINATION):
            if notice is None or notice.partnership_id != partnership.pk:
                raise ActionError(ERR_NEEDS_NOTICE)
            if kind == MotionKind.TERMINATION and (
                notice.kind != NoticeKind.TERMINATION
                or not notice_allows_termination(notice, today)
            ):
                raise ActionError(ERR_RESPONSE_PERIOD)


def _check_schedule_motion(
    schedule: dict[str, Any] | None, effective_from: date | None, period_years: int, today: date
) -> None:
    if schedule is None:
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="the proposed tier schedule"))
    try:
        funding.tier_schedule_parse(schedule)
    except ActionError as error:
        raise ActionError(error.message, field="proposed_schedule") from error
    if effective_from is None or effective_from < today:
        raise ActionError(ERR_SCHEDULE_DATE, field="schedule_effective_from")
    if not 1 <= period_years <= 10:
        raise ActionError(funding.ERR_PERIOD_YEARS, field="schedule_period_years")


@transaction.atomic
def motion_open(
    *,
    actor: Any,
    kind: str,
    title: str,
    text: str,
    today: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
    notice: DueProcessNotice | None = None,
    recommendation: Any = None,
    proposed_rules: dict[str, Any] | None = None,
    proposed_seats: list[dict[str, Any]] | None = None,
    endorsement_subject: str = "",
    tier: str = "",
    meeting: Meeting | None = None,
    deadline: date | None = None,
    proposed_schedule: dict[str, Any] | None = None,
    schedule_effective_from: date | None = None,
    schedule_publish_amounts: bool = False,
    schedule_period_years: int = 3,
    proposed_answer: str = "",
) -> Motion:
    """Open a motion under the rules now in force; flag likely conflicts; tell the Board.

    A tier-schedule motion carries the schedule in its JSON form, checked here
    (funding.actions.ERR_SCHEDULE_INVALID), and the options the adopted version gets."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    version = rules_in_force()
    if version is None:
        raise ActionError(ERR_NO_RULES)
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
    if kind in admission_guard.ADMISSION_KINDS and application is not None:
        # The motion states the case it decides on (governance.lifecycle).
        title, text = admission_guard.admission_motion_wording(application, kind, title, text)
    if not title.strip() or not text.strip():
        raise ActionError(ERR_EMPTY, field="title")
    if partnership is not None:
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if notice is not None:
        notice = DueProcessNotice.objects.get(pk=notice.pk)
    _check_subject(kind, application, partnership, notice, today)
    if kind == MotionKind.RECOMMENDATION_ANSWER:
        if recommendation is not None:
            recommendation = (
                type(recommendation).objects.select_for_update().get(pk=recommendation.pk)
            )
        recommendation_flow.check_answer_motion(recommendation, proposed_answer)
    else:
        proposed_answer = ""
    if kind == MotionKind.RULE_CHANGE:
        proposed_rules = validate_rules(proposed_rules or {})
    if kind == MotionKind.TIER_SCHEDULE:
        _check_schedule_motion(
            proposed_schedule, schedule_effective_from, schedule_period_years, today
        )
    else:
        proposed_schedule, schedule_effective_from = None, None
    if kind == MotionKind.ENDORSEMENT and not endorsement_subject.strip():
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="what is endorsed"))
    if (meeting is None) == (deadline is None):
        raise ActionError(ERR_DEADLINE_OR_MEETING)
    if deadline is not None and deadline < today + timedelta(
        days=version.rules["notice_period_days"]
    ):
        raise ActionError(ERR_DEADLINE_TOO_SOON, field="deadline")
    subject_filter: dict[str, Any] | None = (
        {"application": application}
        if application
        else (
            {"partnership": partnership}
            if partnership
            else ({"recommendation": recommendation} if recommendation else None)
        )
    )
    if (
        subject_filter
        and Motion.objects.filter(status=MotionStatus.OPEN, **subject_filter).exists()
    ):
        raise ActionError(ERR_ALREADY_OPEN)
    motion = Motion.objects.create(
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        rules_version=version,
        application=application,
        partnership=partnership,
        notice=notice,
        recommendation=recommendation,
        proposed_rules=proposed_rules,
        proposed_seats=proposed_seats,
        endorsement_subject=endorsement_subject.strip(),
        tier=tier,
        meeting=meeting,
        deadline=deadline,
        opened_by=actor,
        opened_on=today,
        proposed_schedule=proposed_schedule,
        schedule_effective_from=schedule_effective_from,
        schedule_publish_amounts=bool(schedule_publish_amounts),
        schedule_period_years=schedule_period_years,
        proposed_answer=proposed_answer,
    )
    flagged = _flag_conflicts(motion)
    audit_record(
        actor=actor,
        verb="motion.opened",
        target=motion,
        organisation=motion.subject_organisation,
        after={
            "kind": kind,
            "rules_version": version.version,
            "flagged": [c.member_id for c in flagged],
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    url = f"/board/motions/{motion.pk}/"
    members = [s.member for s in version.seats.select_related("member")]
    when = f"by {deadline:%d %B %Y}" if deadline else f"at {meeting}"
    if kind == MotionKind.ENDORSEMENT:
        text = (
            f"Endorsement proposed: {motion.title} — open for votes {when} once its "
            "neutrality review is recorded."
        )
    else:
        text = f"Motion opened: {motion.title} — vote {when}."
    notify(members, kind="motion.opened", text=text, url=url)
    notify(
        [c.member for c in flagged],
        kind="conflict.flagged",
        text=f"Possible conflict of interest on '{motion.title}': recuse or explain.",
        url=url,
    )
    return motion


def _check_closable(motion: Motion, today: date) -> None:
    if motion.deadline is None or today > motion.deadline:
        return
    result = motion_tally(motion, closed=False)
    if result.votes_for + result.votes_against + result.abstentions < result.seats:
        raise ActionError(ERR_NOT_YET_CLOSABLE)


def _check_neutrality(motion: Motion) -> None:
    review = NeutralityReview.objects.filter(motion=motion).first()
    if review is None:
        raise ActionError(ERR_NEUTRALITY_REQUIRED)
    if review.verdict != NeutralityVerdict.NEUTRAL:
        raise ActionError(ERR_NEUTRALITY_FAVOURS_ONE)


def _decision_reason(motion: Motion, counts: dict[str, Any]) -> str:
    recused = ", ".join(counts["recused"]) or "none"
    return (
        f"Board motion #{motion.pk} '{motion.title}' passed under rules "
        f"v{motion.rules_version.version}: {counts['for']} for, {counts['against']} "
        f"against, {counts['abstain']} abstaining; recused: {recused}."
    )


def _carry_out(motion: Motion, actor: Any, today: date, counts: dict[str, Any]) -> None:
    """A passed motion becomes a Board decision and flows into the lifecycle."""
    reason = _decision_reason(motion, counts)
    kind = MotionKind(motion.kind)
    if kind in (MotionKind.ADMISSION, MotionKind.DECLINE):
        application = motion.application
        assert application is not None
        decision = board_decision_record(
            actor=actor, kind=kind.value, reason=reason, decided_on=today, application=application
        )
        if kind == MotionKind.ADMISSION:
            flows.admission(
                actor=actor, application=application, decision=decision, tier=motion.tier
            )
        else:
            lifecycle.application_decline(actor=actor, application=application, decision=decision)
        decision.refresh_from_db()
        motion.decision = decision
    elif kind in _PARTNERSHIP_KINDS:
        partnership = motion.partnership
        assert partnership is not None
        if kind == MotionKind.TERMINATION:
            assert motion.notice is not None
            if not notice_allows_termination(motion.notice, today):
                raise ActionError(ERR_RESPONSE_PERIOD)
        decision = board_decision_record(
            actor=actor, kind=kind.value, reason=reason, decided_on=today, partnership=partnership
        )
        partnership_flow.partnership_move(
            actor=actor,
            partnership=partnership,
            kind=kind,
            decision=decision,
            today=today,
            notice=motion.notice,
            motion=motion,
        )
        decision.refresh_from_db()
        motion.decision = decision
    elif kind == MotionKind.RULE_CHANGE:
        _adopt_rules(motion, actor, today)
    elif kind == MotionKind.TIER_SCHEDULE:
        _adopt_tier_schedule(motion, actor, today, reason)
    elif kind == MotionKind.RECOMMENDATION_ANSWER:
        recommendation_flow.carry_out(motion, actor, today)


def _adopt_tier_schedule(motion: Motion, actor: Any, today: date, reason: str) -> None:
    """The passed motion becomes a Board decision, and funding records the new version
    linked to it (published on the log as funding does), in this same transaction."""
    decision = board_decision_record(
        actor=actor, kind=DecisionKind.TIER_SCHEDULE, reason=reason, decided_on=today
    )
    motion.decision = decision
    motion.save()  # the decision's motion must read as closed and passed
    funding.tier_schedule_adopt(
        actor=actor,
        schedule=funding.tier_schedule_parse(motion.proposed_schedule),
        decision_note=f"Board motion #{motion.pk}: {motion.title}"[:300],
        # Never retroactive: a motion closed after its proposed date takes effect on closing.
        effective_from=max(motion.schedule_effective_from or today, today),
        publish_individual_amounts=motion.schedule_publish_amounts,
        partnership_period_years=motion.schedule_period_years,
        board_decision=decision,
    )


@transaction.atomic
def motion_close(*, actor: Any, motion: Motion, today: date) -> Motion:
    """Close voting; the tally becomes final. A passed motion is carried out at once."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related(
            "rules_version",
            "application__organisation",
            "partnership__organisation",
            "notice",
        )
        .get(pk=motion.pk)
    )
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    _check_closable(motion, today)
    admission_guard.check_motion_closable(motion)
    if motion.kind == MotionKind.ENDORSEMENT:
        _check_neutrality(motion)
    outcome, because = outcomes.outcome_from_tally(motion_tally(motion, closed=True).outcome)
    counts = outcomes.counts_of(motion)
    motion.status = MotionStatus.CLOSED
    motion.closed_on = today
    motion.outcome = outcome
    motion.failed_because = because
    motion.result = counts
    if outcome == MotionOutcome.PASSED:
        _carry_out(motion, actor, today, counts)
    motion.save()
    outcomes.announce_closed(motion, counts, actor, "motion.closed")
    return motion
