"""How a motion ends: exactly one outcome — passed, failed (with its reason: the votes,
no quorum, or a neutrality review finding that it favours a single party) or withdrawn
by its mover or the chair, with a reason. ``Motion``'s check constraint
``motion_has_one_outcome`` holds the database to the same rule.

``motion_withdraw`` is the action; ``close_failed`` and ``close_withdrawn`` are the
steps other governance flows call inside their own transaction (the neutrality review,
the partnership flow withdrawing open motions about a terminated partner).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.core.permissions import Perm, can
from alliance.engines.tally import Outcome
from alliance.governance.models import (
    ConflictStatus,
    FailureReason,
    Meeting,
    Motion,
    MotionOutcome,
    MotionStatus,
)
from alliance.governance.notifications import notify
from alliance.governance.selectors import motion_tally
from alliance.transparency.services import publish_fact

ERR_NOT_MOVER_OR_CHAIR = _("Only the motion's mover or the Board chair can withdraw it.")
ERR_WITHDRAW_REASON = _("Say why the motion is withdrawn.")
ERR_MOTION_NOT_OPEN = _("This motion is closed already.")


def outcome_from_tally(outcome: Outcome) -> tuple[str, str]:
    """(MotionOutcome, FailureReason or "") for the tally engine's outcome."""
    if outcome == Outcome.PASSED:
        return MotionOutcome.PASSED, ""
    if outcome == Outcome.NO_QUORUM:
        return MotionOutcome.FAILED, FailureReason.NO_QUORUM
    if outcome == Outcome.FAILED:
        return MotionOutcome.FAILED, FailureReason.VOTES
    raise ValueError(f"an open tally has no outcome: {outcome}")


def recused_names(motion: Motion) -> list[str]:
    """Members recused, or flagged and not (yet) cleared by a ruling, on this motion."""
    return sorted(
        c.member.display_name
        for c in motion.conflicts.select_related("member")
        if c.status != ConflictStatus.CLEARED
    )


def counts_of(motion: Motion) -> dict[str, Any]:
    """The final counts stored on a closed motion (``Motion.result``) and published."""
    result = motion_tally(motion, closed=True)
    names = dict(motion.rules_version.seats.values_list("member_id", "member__full_name"))
    return {
        "for": result.votes_for,
        "against": result.votes_against,
        "abstain": result.abstentions,
        "seats": result.seats,
        "quorum_needed": result.quorum_needed,
        "recused": recused_names(motion),
        "votes": {
            names.get(m) or f"member {m}": c
            for m, c in motion.votes.values_list("member_id", "choice")
        },
        "quorum_present": result.quorum_present,
        "casting_vote_used": result.casting_vote_used,
        "reasoning": list(result.reasoning),
        "rulings": [
            {
                "member": c.member.display_name,
                "accepted": c.ruling_accepted,
                "ruled_by": c.ruled_by.display_name if c.ruled_by else "",
                "reason": c.ruling_reason,
            }
            for c in motion.conflicts.select_related("member", "ruled_by").filter(
                ruling_accepted__isnull=False
            )
        ],
    }


def motion_fact(motion: Motion, counts: dict[str, Any]) -> dict[str, Any]:
    """The public log's fact for a closed motion (kind ``board.motion``)."""
    org = motion.subject_organisation
    named = org is not None and (motion.outcome == MotionOutcome.PASSED or motion.partnership_id)
    fact = {
        "motion": motion.pk,
        "kind": motion.kind,
        "title": motion.title,
        "outcome": motion.outcome,
        "outcome_words": motion.outcome_words,
        "failed_because": motion.failed_because,
        "withdrawal_reason": motion.withdrawal_reason,
        "closed_on": motion.closed_on.isoformat() if motion.closed_on else None,
        "rules_version": motion.rules_version.version,
        "votes_for": counts["for"],
        "votes_against": counts["against"],
        "abstentions": counts["abstain"],
        "seats": counts["seats"],
        "quorum_needed": counts["quorum_needed"],
        "recused": counts["recused"],
        "board_decision": motion.decision_id,
    }
    if named:
        assert org is not None
        fact["organisation_id"] = str(org.public_id)
        fact["organisation"] = org.legal_name
    if motion.endorsement_subject:
        fact["endorsement_subject"] = motion.endorsement_subject
    if motion.rules_version.rules.get("votes_public"):
        fact["votes"] = counts["votes"]
    return fact


def minute_line(motion: Motion, text: str) -> None:
    """Append one line to the minutes of the motion's meeting, if it has one."""
    if not motion.meeting_id:
        return
    meeting = Meeting.objects.select_for_update().get(pk=motion.meeting_id)
    meeting.minutes = (meeting.minutes + "\n" + text).strip()
    meeting.save(update_fields=["minutes"])


def announce_closed(motion: Motion, counts: dict[str, Any], actor: Any, verb: str) -> None:
    """Minutes, audit event, log entry and notice for a motion that has just closed."""
    minute_line(
        motion,
        f"Motion #{motion.pk} ({motion.title}): {motion.outcome_words}; {counts['for']} for, "
        f"{counts['against']} against, {counts['abstain']} abstaining. "
        f"Recused: {', '.join(counts['recused']) or 'none'}.",
    )
    audit_record(
        actor=actor,
        verb=verb,
        target=motion,
        organisation=motion.subject_organisation,
        after={
            "outcome": motion.outcome,
            "failed_because": motion.failed_because,
            "for": counts["for"],
            "against": counts["against"],
            "abstain": counts["abstain"],
        },
        reason=motion.withdrawal_reason,
    )
    publish_fact(
        kind="board.motion", subject=f"motion:{motion.pk}", fact=motion_fact(motion, counts)
    )
    notify(
        [s.member for s in motion.rules_version.seats.select_related("member")],
        kind="motion.closed",
        text=lazy_format(
            _("Result: '%(title)s' — %(outcome)s."),
            title=motion.title,
            outcome=lambda: motion.outcome_words,
        ),
        url=f"/board/motions/{motion.pk}/",
    )


def _close(motion: Motion, today: date, **outcome: Any) -> dict[str, Any]:
    counts = counts_of(motion)
    motion.status = MotionStatus.CLOSED
    motion.closed_on = today
    motion.result = counts
    for name, value in outcome.items():
        setattr(motion, name, value)
    motion.save()
    return counts


def close_failed(*, actor: Any, motion: Motion, because: str, today: date) -> Motion:
    """Close an open motion as failed for ``because`` (a FailureReason). The caller holds
    the transaction and the motion's row lock."""
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_NOT_OPEN)
    counts = _close(
        motion, today, outcome=MotionOutcome.FAILED, failed_because=FailureReason(because)
    )
    announce_closed(motion, counts, actor, "motion.closed")
    return motion


def close_withdrawn(*, actor: Any, motion: Motion, reason: str, today: date) -> Motion:
    """Close an open motion as withdrawn with ``reason``, without the mover-or-chair
    check (for flows such as a termination that withdraws motions about the partner)."""
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_NOT_OPEN)
    if not reason.strip():
        raise ActionError(ERR_WITHDRAW_REASON, field="reason")
    counts = _close(
        motion,
        today,
        outcome=MotionOutcome.WITHDRAWN,
        withdrawn_by=actor if getattr(actor, "pk", None) else None,
        withdrawal_reason=reason.strip(),
    )
    announce_closed(motion, counts, actor, "motion.withdrawn")
    return motion


def can_withdraw(actor: Any, motion: Motion) -> bool:
    """The motion's mover or the Board chair may withdraw an open motion."""
    if motion.status != MotionStatus.OPEN or not getattr(actor, "is_authenticated", False):
        return False
    return motion.opened_by_id == actor.pk or can(actor, Perm.CHAIR_BOARD)


@transaction.atomic
def motion_withdraw(
    *, actor: Any, motion: Motion, reason: str, today: date | None = None
) -> Motion:
    """Withdraw an open motion: its mover or the chair, with a reason. Votes cast so far
    are kept in the result; nothing is carried out."""
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("rules_version", "application__organisation", "partnership__organisation")
        .get(pk=motion.pk)
    )
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_NOT_OPEN)
    if not can_withdraw(actor, motion):
        raise NotAllowed(ERR_NOT_MOVER_OR_CHAIR)
    if not reason.strip():
        raise ActionError(ERR_WITHDRAW_REASON, field="reason")
    return close_withdrawn(
        actor=actor, motion=motion, reason=reason, today=today or timezone.localdate()
    )
