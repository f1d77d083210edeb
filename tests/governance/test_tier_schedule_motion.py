"""Tier-schedule motions: the schedule is a rule, adopted only when the Board passes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.engines import tiers as engine
from alliance.engines.tally import Outcome
from alliance.funding import actions as funding
from alliance.funding.models import TierScheduleVersion
from alliance.funding.selectors import schedule_version_in_force
from alliance.governance import actions
from alliance.governance.forms import MotionForm
from alliance.governance.models import BoardDecision, DecisionKind, Motion, MotionKind
from alliance.governance.rules import DEFAULT_RULES, validate_rules, voting_rules
from alliance.transparency.models import LogEntry
from tests.funding.board import decide, propose_schedule
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db
EFFECTIVE = date(2027, 1, 1)


def _raised_schedule() -> dict[str, Any]:
    base = engine.default_schedule()
    raised = replace(
        base,
        version="2027-1",
        base_by_band=MappingProxyType({b: a * 2 for b, a in base.base_by_band.items()}),
    )
    return engine.schedule_to_dict(raised)


def _seated(board: Any) -> list[Any]:
    return [s.member for s in board.seats.select_related("member")]


def test_a_passed_motion_adopts_the_schedule_from_its_date(board, carla) -> None:  # type: ignore[no-untyped-def]
    motion = propose_schedule(
        carla,
        _raised_schedule(),
        today=TODAY,
        effective_from=EFFECTIVE,
        schedule_period_years=4,
        schedule_publish_amounts=True,
    )
    assert TierScheduleVersion.objects.count() == 1  # nothing until the Board decides
    motion = decide(motion, carla, _seated(board), "for", TODAY)

    assert motion.outcome == Outcome.PASSED
    version = TierScheduleVersion.objects.get(number=2)
    assert version.effective_from == EFFECTIVE
    assert (version.partnership_period_years, version.publish_individual_amounts) == (4, True)
    assert engine.schedule_from_dict(version.schedule).version == "2027-1"
    decision = BoardDecision.objects.get(motion=motion)
    assert decision.kind == DecisionKind.TIER_SCHEDULE and decision.applied_at is not None
    assert version.board_decision == decision
    # In force only from its date: the day before, version 1 still governs.
    assert schedule_version_in_force(EFFECTIVE - timedelta(days=1)).number == 1
    assert schedule_version_in_force(EFFECTIVE).number == 2
    adopted = LogEntry.objects.get(kind="tier_schedule.adopted").fact["fact"]
    assert adopted["motion"] == motion.pk and adopted["board_decision"] == decision.pk
    assert LogEntry.objects.get(kind="board.motion").fact["fact"]["board_decision"] == decision.pk


def test_a_failed_motion_adopts_nothing(board, carla) -> None:  # type: ignore[no-untyped-def]
    motion = propose_schedule(carla, _raised_schedule(), today=TODAY, effective_from=EFFECTIVE)
    motion = decide(motion, carla, _seated(board), "against", TODAY)
    assert motion.outcome != Outcome.PASSED
    assert TierScheduleVersion.objects.count() == 1
    assert not BoardDecision.objects.filter(kind=DecisionKind.TIER_SCHEDULE).exists()
    assert not LogEntry.objects.filter(kind="tier_schedule.adopted").exists()


def test_the_majority_comes_from_the_rules(board, carla, ben, members) -> None:  # type: ignore[no-untyped-def]
    """Two thirds of the seated members, as for a rule change: 3 of 5 is not enough."""
    motion = propose_schedule(carla, _raised_schedule(), today=TODAY, effective_from=EFFECTIVE)
    for member in (carla, ben, members[0]):
        actions.vote_cast(actor=member, motion=motion, choice="for", today=TODAY)
    for member in members[1:]:
        actions.vote_cast(actor=member, motion=motion, choice="against", today=TODAY)
    motion = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert motion.outcome != Outcome.PASSED
    assert TierScheduleVersion.objects.count() == 1


def test_rules_without_a_tier_schedule_majority_fall_back_to_rule_change() -> None:
    older = {k: v for k, v in DEFAULT_RULES["majorities"].items() if k != "tier_schedule"}
    stored = {**DEFAULT_RULES, "majorities": older}
    assert voting_rules(stored, "tier_schedule") == voting_rules(stored, "rule_change")
    simple = {**older, "rule_change": {"majority": "simple"}}
    checked = validate_rules({"majorities": simple})
    assert checked["majorities"]["tier_schedule"] == {"majority": "simple"}
    assert (
        DEFAULT_RULES["majorities"]["tier_schedule"] == DEFAULT_RULES["majorities"]["rule_change"]
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("tiers"), "a value is missing: tiers"),
        (lambda d: d.update(format="other"), "not a tier schedule"),
        (lambda d: d["base_by_band"].update(not_a_band="1"), "not_a_band"),
        (lambda d: d.update(floor=2.5), "never a float"),
        (lambda d: d["base_by_band"].pop(next(iter(d["base_by_band"]))), "a value is missing"),
        (lambda d: d.update(tiers=[]), "it has no tiers"),
        (lambda d: d.update(floor="-5"), "cannot be negative"),
    ],
)
def test_an_invalid_schedule_is_refused_at_open(board, carla, change, problem) -> None:  # type: ignore[no-untyped-def]
    document = _raised_schedule()
    change(document)
    with pytest.raises(ActionError) as refused:
        propose_schedule(carla, document, today=TODAY, effective_from=EFFECTIVE)
    prefix = funding.ERR_SCHEDULE_INVALID.split("{")[0]
    assert refused.value.message.startswith(prefix) and problem in refused.value.message
    assert refused.value.field == "proposed_schedule"
    assert not Motion.objects.exists()


def test_a_schedule_motion_needs_its_schedule_and_a_date_not_in_the_past(board, carla) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError, match="the proposed tier schedule"):
        actions.motion_open(
            actor=carla,
            kind=MotionKind.TIER_SCHEDULE,
            title="New schedule",
            text="Adopt it.",
            today=TODAY,
            schedule_effective_from=EFFECTIVE,
            deadline=TODAY + timedelta(days=14),
        )
    with pytest.raises(ActionError) as refused:
        propose_schedule(
            carla, _raised_schedule(), today=TODAY, effective_from=TODAY - timedelta(1)
        )
    assert refused.value.message == actions.ERR_SCHEDULE_DATE


def test_a_motion_closed_after_its_date_takes_effect_on_closing(board, carla) -> None:  # type: ignore[no-untyped-def]
    motion = propose_schedule(carla, _raised_schedule(), today=TODAY, effective_from=TODAY)
    closing = TODAY + timedelta(days=20)  # after the written resolution's deadline
    for member in _seated(board):
        actions.vote_cast(actor=member, motion=motion, choice="for", today=TODAY)
    actions.motion_close(actor=carla, motion=motion, today=closing)
    assert TierScheduleVersion.objects.get(number=2).effective_from == closing


def test_a_tier_schedule_decision_has_no_applicant_or_partner(carla, alice, sam) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import ready_application

    with pytest.raises(ActionError):
        actions.board_decision_record(
            actor=carla,
            kind=DecisionKind.TIER_SCHEDULE,
            reason="x",
            decided_on=TODAY,
            application=ready_application(alice, sam),
        )
    decision = actions.board_decision_record(
        actor=carla, kind=DecisionKind.TIER_SCHEDULE, reason="x", decided_on=TODAY
    )
    # Recorded alone it adopts nothing: only the motion's close path may use it.
    with pytest.raises(NotAllowed):
        funding.tier_schedule_adopt(
            actor=carla,
            schedule=engine.default_schedule(),
            decision_note="x",
            board_decision=decision,
        )


def test_the_general_motion_form_sends_schedules_to_their_own_page() -> None:
    kinds = {value for value, _ in MotionForm().fields["kind"].choices}
    assert MotionKind.TIER_SCHEDULE not in kinds and MotionKind.RULE_CHANGE in kinds


def test_money_in_the_stored_schedule_stays_exact(board, carla) -> None:  # type: ignore[no-untyped-def]
    document = _raised_schedule()
    document["floor"] = "333.33"
    decide(
        propose_schedule(carla, document, today=TODAY, effective_from=EFFECTIVE),
        carla,
        _seated(board),
        "for",
        TODAY,
    )
    stored = TierScheduleVersion.objects.get(number=2)
    assert engine.schedule_from_dict(stored.schedule).floor == Decimal("333.33")
