"""Reads for Board governance: the rules in force, seats, tallies, queues."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from alliance.engines.tally import Choice, TallyResult, tally
from alliance.governance.models import (
    BoardSeat,
    Conflict,
    ConflictStatus,
    DueProcessNotice,
    Motion,
    MotionStatus,
    RulesVersion,
)
from alliance.governance.rules import voting_rules


def rules_in_force() -> RulesVersion | None:
    return RulesVersion.objects.order_by("-version").first()


def rules_history() -> QuerySet[RulesVersion]:
    return RulesVersion.objects.select_related("adopted_by").prefetch_related(
        Prefetch("seats", queryset=BoardSeat.objects.select_related("member", "organisation"))
    )


def seats_of(version: RulesVersion) -> list[BoardSeat]:
    return list(version.seats.select_related("member", "organisation"))


def seat_of(user: Any, version: RulesVersion | None) -> BoardSeat | None:
    if version is None or not getattr(user, "is_authenticated", False):
        return None
    return version.seats.filter(member=user).select_related("organisation").first()


def excluded_member_ids(motion: Motion) -> frozenset[int]:
    """Recused members and those who have not yet answered a conflict flag: both are
    kept out of quorum and vote (the cautious reading)."""
    return frozenset(
        motion.conflicts.filter(
            status__in=[ConflictStatus.RECUSED, ConflictStatus.FLAGGED]
        ).values_list("member_id", flat=True)
    )


def motion_tally(motion: Motion, *, closed: bool | None = None) -> TallyResult:
    """The tally under the rules version in force when the motion opened."""
    seats = list(motion.rules_version.seats.select_related("member"))
    eligible = frozenset(str(s.member_id) for s in seats)
    chair = next((str(s.member_id) for s in seats if s.is_chair), None)
    votes = {str(m): Choice(c) for m, c in motion.votes.values_list("member_id", "choice")}
    return tally(
        voting_rules(motion.rules_version.rules, motion.kind),
        eligible=eligible,
        recused=frozenset(str(m) for m in excluded_member_ids(motion)),
        votes=votes,
        casting_member=chair,
        closed=motion.status == MotionStatus.CLOSED if closed is None else closed,
        # People are named by their names in the reasoning, never by their ids.
        names={str(s.member_id): s.member.display_name for s in seats},
    )


def open_motions() -> QuerySet[Motion]:
    return Motion.objects.filter(status=MotionStatus.OPEN).select_related(
        "application__organisation", "partnership__organisation", "meeting"
    )


def closed_motions() -> QuerySet[Motion]:
    return (
        Motion.objects.filter(status=MotionStatus.CLOSED)
        .select_related("application__organisation", "partnership__organisation", "rules_version")
        .order_by("-closed_on", "-id")
    )


def conflicts_awaiting(user: Any) -> QuerySet[Conflict]:
    return Conflict.objects.filter(
        member=user, status=ConflictStatus.FLAGGED, motion__status=MotionStatus.OPEN
    ).select_related("motion")


def notice_allows_termination(notice: DueProcessNotice, today: Any) -> bool:
    """Due process: the partner has answered, or its full response period has run out."""
    return notice.responded_on is not None or today > notice.response_due
