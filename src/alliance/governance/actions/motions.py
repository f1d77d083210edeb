"""Motions: opened, closed, and carried out as Board decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.funding import actions as funding
from alliance.governance import flows, outcomes, partnership_flow, recommendation_flow
from alliance.governance import lifecycle as admission_guard
from alliance.governance.actions._base import (
    _APPLICATION_KINDS,
    _PARTNERSHIP_KINDS,
    ERR_NOT_BOARD,
    ERR_NOT_CHAIR,
    ERR_REASON,
    ERR_RESPONSE_PERIOD,
    ERR_SUBJECT,
    _can_chair,
)
from alliance.governance.actions.rules import _adopt_rules
from alliance.governance.models import (
    SUBJECTLESS_DECISIONS,
    BoardDecision,
    DecisionKind,
    Motion,
    MotionKind,
    MotionOutcome,
    MotionStatus,
)
from alliance.governance.selectors import (
    motion_tally,
    notice_allows_termination,
)
from alliance.organisations import actions as lifecycle
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
        publish_individual_amounts=bool(motion.schedule_publish_amounts),
        partnership_period_years=motion.schedule_period_years or 3,
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
    # The same predicate decides whether the motion page offers "Close voting".
    admission_guard.check_motion_closable(motion, today)
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
