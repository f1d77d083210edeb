"""Votes: cast and changed while the motion is open for votes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.governance.actions._base import (
    ERR_ANSWER_CONFLICT,
    ERR_AWAITING_NEUTRALITY,
    ERR_AWAITING_RULING,
    ERR_DEADLINE_PASSED,
    ERR_MOTION_CLOSED,
    ERR_NOT_SEATED,
    ERR_RECUSED,
)
from alliance.governance.models import (
    ConflictStatus,
    Motion,
    MotionKind,
    MotionStatus,
    NeutralityReview,
    Vote,
    VoteChoice,
    VoteEvent,
)

# A vote sent from a page that showed an older vote (a second tab, a page left open):
# refused, so a stale form never silently replaces the vote the member last cast.
ERR_VOTE_STALE = _(
    "Since this page was opened your vote was recorded as {current} (from another tab or "
    "window). Nothing was changed: your vote is still {current}. To change it, choose again."
)


@transaction.atomic
def vote_cast(
    *,
    actor: Any,
    motion: Motion,
    choice: str,
    today: date | None = None,
    seen: str | None = None,
) -> Vote:
    """Cast or change a vote. The motion row is locked, so concurrent votes serialise,
    and the unique (motion, member) constraint makes a second row impossible.

    ``seen`` is the member's vote as the page they voted from showed it ("" for none):
    when their vote has changed since (another tab), a different choice is refused
    (ERR_VOTE_STALE). A change made from a current page is recorded as ``vote.changed``
    with the vote it replaces."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    today = today or timezone.localdate()
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if motion.deadline is not None and today > motion.deadline:
        raise IllegalTransition(ERR_DEADLINE_PASSED)
    if not ready_for_votes(motion):
        raise IllegalTransition(ERR_AWAITING_NEUTRALITY)
    if not can(actor, Perm.VOTE) or not motion.rules_version.seats.filter(member=actor).exists():
        raise NotAllowed(ERR_NOT_SEATED)
    choice = VoteChoice(choice)
    conflict = motion.conflicts.filter(member=actor).first()
    if conflict is not None and conflict.status == ConflictStatus.RECUSED:
        raise ActionError(ERR_RECUSED)
    if conflict is not None and conflict.status == ConflictStatus.FLAGGED:
        raise ActionError(ERR_ANSWER_CONFLICT)
    if conflict is not None and conflict.status == ConflictStatus.EXPLAINED:
        raise ActionError(ERR_AWAITING_RULING)
    vote = Vote.objects.filter(motion=motion, member=actor).first()
    previous = vote.choice if vote else ""
    if seen is not None and previous and seen != previous and choice != previous:
        raise ActionError(ERR_VOTE_STALE.format(current=VoteChoice(previous).label))
    if vote is None:
        vote = Vote.objects.create(motion=motion, member=actor, choice=choice)
    elif vote.choice != choice:
        vote.choice = choice
        vote.save(update_fields=["choice", "cast_at"])
    if previous != choice:
        VoteEvent.objects.create(motion=motion, member=actor, choice=choice, previous=previous)
        audit_record(
            actor=actor,
            verb="vote.changed" if previous else "vote.cast",
            target=motion,
            before={"choice": previous} if previous else None,
            after={"choice": choice},
        )
    return vote


def ready_for_votes(motion: Motion) -> bool:
    """False for an endorsement whose neutrality review is not recorded yet: it is not
    open for votes until then."""
    return (
        motion.kind != MotionKind.ENDORSEMENT
        or NeutralityReview.objects.filter(motion_id=motion.pk).exists()
    )
