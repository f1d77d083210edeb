"""A working group's recommendation is answered by a Board decision: a motion of its own
kind, unless the rules in force delegate the answer to the chair; lateness is recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.governance import actions, recommendation_flow
from alliance.governance.models import Motion, MotionKind
from alliance.groups import actions as groups
from alliance.groups.models import GroupKind, RecommendationStatus
from alliance.transparency.models import LogEntry
from tests.factories import admitted_partnership
from tests.governance.conftest import TODAY, seat

pytestmark = pytest.mark.django_db

REASONS = "Adopted, with an exception for sanctions screening."


@pytest.fixture
def sent(board, sam, alice, bob):  # type: ignore[no-untyped-def]
    group = groups.group_create(
        actor=sam, name="Privacy WG", kind=GroupKind.WORKING_GROUP, charter="Advise.", today=TODAY
    )
    org = admitted_partnership(alice, sam, legal_name="Chair Org").organisation
    groups.chair_appoint(actor=sam, group=group, user=alice, organisation=org, today=TODAY)
    draft = groups.recommendation_draft(
        actor=alice, group=group, title="Minimise data", text="Collect less.", today=TODAY
    )
    groups.recommendation_open_vote(actor=alice, recommendation=draft)
    groups.recommendation_vote(actor=alice, recommendation=draft, choice="for")
    return groups.recommendation_close_vote(actor=alice, recommendation=draft, today=TODAY)


def _propose(actor, rec, today=TODAY):  # type: ignore[no-untyped-def]
    return recommendation_flow.recommendation_answer(
        actor=actor,
        recommendation=rec,
        answer="accepted_with_changes",
        reasons=REASONS,
        today=today,
        deadline=today + timedelta(days=14),
    )


def _board_votes(motion, voters, today):  # type: ignore[no-untyped-def]
    for voter in voters:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=today)
    return actions.motion_close(actor=voters[0], motion=motion, today=today)


def test_answer_is_a_board_motion_recorded_when_it_passes(sent, carla, ben, members):  # type: ignore[no-untyped-def]
    motion = _propose(carla, sent)
    assert isinstance(motion, Motion) and motion.kind == MotionKind.RECOMMENDATION_ANSWER
    sent.refresh_from_db()
    assert sent.status == RecommendationStatus.SENT  # nothing is answered before the vote
    with pytest.raises(ActionError) as refused:
        _propose(carla, sent)
    assert refused.value.message == actions.ERR_ALREADY_OPEN
    closed = _board_votes(motion, [carla, ben, *members], TODAY)
    assert closed.outcome == "passed"
    sent.refresh_from_db()
    assert sent.status == RecommendationStatus.ANSWERED
    assert (sent.answer, sent.answer_motion_id, sent.answered_late) == (
        "accepted_with_changes",
        motion.pk,
        False,
    )
    fact = LogEntry.objects.get(kind="board.recommendation_answer").body
    assert fact["board_motion"] == motion.pk and fact["late"] is False


def test_failed_answer_motion_leaves_the_recommendation_waiting(sent, carla, ben, members):  # type: ignore[no-untyped-def]
    motion = _propose(carla, sent)
    for voter in (carla, ben, *members):
        actions.vote_cast(actor=voter, motion=motion, choice="against", today=TODAY)
    assert actions.motion_close(actor=carla, motion=motion, today=TODAY).outcome == "failed"
    sent.refresh_from_db()
    assert sent.status == RecommendationStatus.SENT and sent.answer == ""
    assert isinstance(_propose(carla, sent), Motion)  # the Board may be asked again


def test_late_answer_is_marked_late_on_the_recommendation_and_register(
    sent, carla, ben, members, client, login
):  # type: ignore[no-untyped-def]
    late_day = sent.answer_due + timedelta(days=3)
    motion = _propose(carla, sent, today=late_day)
    _board_votes(motion, [carla, ben, *members], late_day)
    sent.refresh_from_db()
    assert sent.answered_late is True
    page = client.get(f"/groups/recommendations/{sent.pk}/").content.decode()
    assert "late" in page and f"decided by Board motion #{motion.pk}" in page
    assert "answered late" in client.get("/groups/recommendations/").content.decode()
    assert "answer late" in client.get("/governance/decisions/").content.decode()


def test_answer_needs_a_sent_recommendation_and_a_valid_answer(sent, carla):  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError) as refused:
        recommendation_flow.recommendation_answer(
            actor=carla,
            recommendation=sent,
            answer="maybe",
            reasons=REASONS,
            today=TODAY,
            deadline=TODAY + timedelta(days=14),
        )
    assert refused.value.message == recommendation_flow.ERR_ANSWER
    assert not Motion.objects.filter(kind=MotionKind.RECOMMENDATION_ANSWER).exists()


def test_rules_may_delegate_the_answer_to_the_chair(carla, ben, members, ada, sam, alice, bob):  # type: ignore[no-untyped-def]
    actions.rules_seed_first(
        actor=ada,
        rules={"recommendation_answer_by_chair": True},
        adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben)] + [seat(m) for m in members],
    )
    group = groups.group_create(
        actor=sam, name="Privacy WG", kind=GroupKind.WORKING_GROUP, charter="Advise.", today=TODAY
    )
    org = admitted_partnership(alice, sam, legal_name="Chair Org").organisation
    groups.chair_appoint(actor=sam, group=group, user=alice, organisation=org, today=TODAY)
    draft = groups.recommendation_draft(
        actor=alice, group=group, title="Minimise data", text="Collect less.", today=TODAY
    )
    groups.recommendation_open_vote(actor=alice, recommendation=draft)
    groups.recommendation_vote(actor=alice, recommendation=draft, choice="for")
    rec = groups.recommendation_close_vote(actor=alice, recommendation=draft, today=TODAY)
    with pytest.raises(ActionError) as refused:
        _propose(sam, rec)
    assert refused.value.message == recommendation_flow.ERR_NOT_CHAIR
    answered = _propose(carla, rec)
    assert not isinstance(answered, Motion) and answered.status == RecommendationStatus.ANSWERED
    assert answered.answer_motion_id is None
    assert not Motion.objects.filter(kind=MotionKind.RECOMMENDATION_ANSWER).exists()
