"""Adopt a tier schedule the only way the app allows: a Board motion that passes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from alliance.accounts.roles import Role
from alliance.engines import tiers as engine
from alliance.funding.models import TierScheduleVersion
from alliance.governance import actions as board
from alliance.governance.models import Motion, MotionKind
from alliance.governance.rules import DEFAULT_RULES
from alliance.governance.selectors import rules_in_force
from tests.factories import make_user


def seat_board(admin: Any, chair: Any) -> list[Any]:
    """Rules version 1 with the chair and three members seated (once); the seated users."""
    version = rules_in_force()
    if version is not None:
        return [seat.member for seat in version.seats.select_related("member")]
    members = [
        make_user(f"seat{i}@board.example", Role.BOARD_MEMBER, full_name=f"Seat {i}")
        for i in range(3)
    ]
    seats = [chair, *members]
    board.rules_seed_first(
        actor=admin,
        rules=DEFAULT_RULES,
        adopted_on=date(2025, 1, 1),
        seats=[
            {
                "member": user.pk,
                "organisation": None,
                "chair": user == chair,
                "term_starts": "2025-01-01",
                "term_ends": "2029-12-31",
            }
            for user in seats
        ],
    )
    return seats


def propose_schedule(
    chair: Any,
    schedule: engine.TierSchedule | dict[str, Any],
    *,
    today: date,
    effective_from: date,
    **options: Any,
) -> Motion:
    document = schedule if isinstance(schedule, dict) else engine.schedule_to_dict(schedule)
    return board.motion_open(
        actor=chair,
        kind=MotionKind.TIER_SCHEDULE,
        title="Adopt the 2027 tier schedule",
        text="The Board adopts the tier schedule attached.",
        today=today,
        proposed_schedule=document,
        schedule_effective_from=effective_from,
        deadline=today + timedelta(days=14),
        **options,
    )


def decide(motion: Motion, chair: Any, voters: list[Any], choice: str, today: date) -> Motion:
    for voter in voters:
        board.vote_cast(actor=voter, motion=motion, choice=choice, today=today)
    return board.motion_close(actor=chair, motion=motion, today=today)


def adopt_by_motion(
    admin: Any,
    chair: Any,
    schedule: engine.TierSchedule,
    *,
    effective_from: date,
    today: date | None = None,
    **options: Any,
) -> TierScheduleVersion:
    """Seat the Board if needed, open the motion, everyone votes for, close: the new version."""
    today = today or min(effective_from, date(2026, 6, 1))
    voters = seat_board(admin, chair)
    motion = propose_schedule(
        chair, schedule, today=today, effective_from=effective_from, **options
    )
    decide(motion, chair, voters, "for", today)
    return TierScheduleVersion.objects.get(board_decision__motion=motion)
