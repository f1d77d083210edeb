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
    MotionKind,
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
    """Recused members and those whose flag is not yet ruled on (unanswered, or
    explained and awaiting the ruling): all are kept out of quorum and vote."""
    return frozenset(
        motion.conflicts.exclude(status=ConflictStatus.CLEARED).values_list("member_id", flat=True)
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
        .select_related(
            "application__organisation",
            "partnership__organisation",
            "rules_version",
            "recommendation",
        )
        .order_by("-closed_on", "-id")
    )


def endorsements_awaiting_review() -> QuerySet[Motion]:
    """Open endorsements with no neutrality review yet: not open for votes until then."""
    return Motion.objects.filter(
        status=MotionStatus.OPEN, kind=MotionKind.ENDORSEMENT, neutrality_review__isnull=True
    ).order_by("opened_on", "id")


def conflicts_awaiting(user: Any) -> QuerySet[Conflict]:
    return Conflict.objects.filter(
        member=user, status=ConflictStatus.FLAGGED, motion__status=MotionStatus.OPEN
    ).select_related("motion")


def notice_allows_termination(notice: DueProcessNotice, today: Any) -> bool:
    """Due process: the partner has answered, or its full response period has run out."""
    return notice.responded_on is not None or today > notice.response_due


def partner_notices(user: Any) -> list[DueProcessNotice]:
    """For a partner's contact: the latest due-process notice of each of its partnerships
    that is awaiting its response, or whose partnership is suspended or terminated."""
    if not getattr(user, "is_authenticated", False):
        return []
    from alliance.core.roles import organisation_ids

    ids = organisation_ids(user)
    if not ids:
        return []
    latest: dict[int, DueProcessNotice] = {}
    for notice in DueProcessNotice.objects.filter(
        partnership__organisation_id__in=ids
    ).select_related("partnership__organisation"):
        latest.setdefault(notice.partnership_id, notice)  # ordered newest first
    return [
        n
        for n in latest.values()
        if n.responded_on is None or n.partnership.status in ("suspended", "terminated")
    ]


# --- What needs a Board member now (the homes: web.home) --------------------------------


# A member whose flag is unanswered, awaiting the ruling, or who recused, does not vote.
_KEPT_OUT = (ConflictStatus.FLAGGED, ConflictStatus.EXPLAINED, ConflictStatus.RECUSED)


def motions_to_vote(user: Any) -> list[Motion]:
    """Open motions on which ``user`` holds a seat (under the rules the motion opened
    with), has not voted and is not kept out by a conflict; endorsements wait for their
    neutrality review. Earliest deadline first, motions without one last."""
    if not getattr(user, "is_authenticated", False):
        return []
    motions = (
        open_motions()
        .filter(rules_version__seats__member=user)
        .exclude(votes__member=user)
        .exclude(
            pk__in=Conflict.objects.filter(member=user, status__in=_KEPT_OUT).values("motion_id")
        )
        .exclude(kind=MotionKind.ENDORSEMENT, neutrality_review__isnull=True)
        .distinct()
    )
    return sorted(motions, key=lambda m: (m.deadline is None, m.deadline, m.opened_on, m.pk))


def motions_to_close() -> list[Motion]:
    """Every open motion, for the chair who closes them: past deadlines first."""
    return sorted(open_motions(), key=lambda m: (m.deadline is None, m.deadline, m.opened_on, m.pk))
