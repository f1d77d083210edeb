"""Working groups and committees: membership with approval, the group's own vote,
and the Board's answer within the period the rules set."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.core.errors import ActionError
from alliance.governance.actions import rules_seed_first
from alliance.governance.rules import DEFAULT_RULES
from alliance.groups import actions
from alliance.groups.models import GroupKind, MembershipStatus, RecommendationStatus
from alliance.groups.selectors import is_overdue, overdue_recommendations
from alliance.transparency.models import LogEntry
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db

SENT = date(2026, 4, 1)


@pytest.fixture
def group(sam, ada, carla):  # type: ignore[no-untyped-def]
    rules_seed_first(
        actor=ada,
        # One seat: the chair alone is quorate (the partners are admitted by motion).
        rules={**DEFAULT_RULES, "quorum_minimum": 1},
        adopted_on=date(2025, 1, 1),
        seats=[
            {
                "member": carla.pk,
                "organisation": None,
                "chair": True,
                "term_starts": "2025-01-01",
                "term_ends": "2027-12-31",
            }
        ],
    )
    return actions.group_create(
        actor=sam,
        name="Data Protection Working Group",
        kind=GroupKind.WORKING_GROUP,
        charter="Advise on data protection.",
        today=SENT,
    )


@pytest.fixture
def people(group, sam, alice, bob):  # type: ignore[no-untyped-def]
    """A chair and two approved members, each from an active partner."""
    chair_org = admitted_partnership(alice, sam, legal_name="Chair Org").organisation
    actions.chair_appoint(actor=sam, group=group, user=alice, organisation=chair_org, today=SENT)
    other = admitted_partnership(bob, sam, legal_name="Member Org").organisation
    joined = [bob]
    m = actions.membership_request(actor=bob, group=group, organisation=other, today=SENT)
    actions.membership_decide(actor=alice, membership=m, approve=True)
    third = make_user("gail@member.example", full_name="Gail")
    RoleGrant.objects.create(user=third, role=Role.GROUP_MEMBER, organisation=other)
    m = actions.membership_request(actor=third, group=group, organisation=other, today=SENT)
    actions.membership_decide(actor=alice, membership=m, approve=True)
    joined.append(third)
    return [alice, *joined]


def _adopted(group, people):  # type: ignore[no-untyped-def]
    chair = people[0]
    draft = actions.recommendation_draft(
        actor=people[1],
        group=group,
        title="Minimise data",
        text="Collect only what is needed.",
        today=SENT,
    )
    actions.recommendation_open_vote(actor=chair, recommendation=draft)
    for person in people:
        actions.recommendation_vote(actor=person, recommendation=draft, choice="for")
    return actions.recommendation_close_vote(actor=chair, recommendation=draft, today=SENT)


def test_membership_needs_a_partner_organisation_and_approval(group, sam, alice, bob, gus):  # type: ignore[no-untyped-def]
    applicant_org = admitted_partnership(bob, sam).organisation
    with pytest.raises(ActionError) as refused:
        actions.membership_request(actor=gus, group=group, organisation=applicant_org, today=SENT)
    assert refused.value.message == actions.ERR_NOT_PARTNER_PERSON
    m = actions.membership_request(actor=bob, group=group, organisation=applicant_org, today=SENT)
    assert m.status == MembershipStatus.REQUESTED
    with pytest.raises(ActionError) as refused:
        actions.membership_decide(actor=bob, membership=m, approve=True)
    assert refused.value.message == actions.ERR_NOT_LEAD


def test_group_vote_adopts_and_sends_to_board_with_due_date(group, people):  # type: ignore[no-untyped-def]
    sent = _adopted(group, people)
    assert sent.status == RecommendationStatus.SENT
    assert sent.answer_due == SENT + timedelta(days=DEFAULT_RULES["recommendation_answer_days"])
    assert sent.vote_result["for"] == 3
    assert LogEntry.objects.filter(kind="group.recommendation").count() == 1


def test_group_vote_without_majority_is_not_sent(group, people):  # type: ignore[no-untyped-def]
    draft = actions.recommendation_draft(
        actor=people[0], group=group, title="Ban QR codes", text="No QR codes.", today=SENT
    )
    actions.recommendation_open_vote(actor=people[0], recommendation=draft)
    actions.recommendation_vote(actor=people[0], recommendation=draft, choice="for")
    actions.recommendation_vote(actor=people[1], recommendation=draft, choice="against")
    actions.recommendation_vote(actor=people[2], recommendation=draft, choice="against")
    closed = actions.recommendation_close_vote(actor=people[0], recommendation=draft, today=SENT)
    assert closed.status == RecommendationStatus.REJECTED


def test_unanswered_recommendation_is_overdue_from_the_day_after_it_is_due(group, people):  # type: ignore[no-untyped-def]
    sent = _adopted(group, people)
    due = sent.answer_due
    with time_machine.travel(f"{due.isoformat()} 23:30:00+00:00", tick=False):
        today = timezone.localdate()
        assert today == due
        assert not is_overdue(sent, today)
        assert not overdue_recommendations(today).exists()
    day_after = due + timedelta(days=1)
    with time_machine.travel(f"{day_after.isoformat()} 00:30:00+00:00", tick=False):
        today = timezone.localdate()
        assert is_overdue(sent, today)
        assert list(overdue_recommendations(today)) == [sent]


def test_board_answer_is_published_and_clears_overdue(group, people, carla, mailoutbox):  # type: ignore[no-untyped-def]
    """Groups' own step, which governance calls once the Board's answer is decided."""
    sent = _adopted(group, people)
    with pytest.raises(ActionError) as refused:
        actions.recommendation_answer_record(
            actor=carla, recommendation=sent, answer="declined", reasons=" ", today=SENT
        )
    assert refused.value.message == actions.ERR_ANSWER_REASONS
    answered = actions.recommendation_answer_record(
        actor=carla,
        recommendation=sent,
        answer="accepted_with_changes",
        reasons="Adopted, with an exception for sanctions screening.",
        today=SENT,
    )
    assert answered.status == RecommendationStatus.ANSWERED
    assert answered.answered_late is False
    assert not is_overdue(answered, sent.answer_due + timedelta(days=5))
    fact = LogEntry.objects.get(kind="board.recommendation_answer").fact["fact"]
    assert fact["answer"] == "accepted_with_changes" and "sanctions" in fact["reasons"]
    assert fact["late"] is False


def test_answer_after_its_due_date_is_recorded_as_late(group, people, carla):  # type: ignore[no-untyped-def]
    sent = _adopted(group, people)
    answered = actions.recommendation_answer_record(
        actor=carla,
        recommendation=sent,
        answer="declined",
        reasons="Out of scope.",
        today=sent.answer_due + timedelta(days=1),
    )
    assert answered.answered_late is True
    fact = LogEntry.objects.get(kind="board.recommendation_answer").fact["fact"]
    assert fact["late"] is True


def test_only_the_board_answers(group, people):  # type: ignore[no-untyped-def]
    sent = _adopted(group, people)
    with pytest.raises(ActionError) as refused:
        actions.recommendation_answer_record(
            actor=people[0],
            recommendation=sent,
            answer="accepted",
            reasons="We like it.",
            today=SENT,
        )
    assert refused.value.message == actions.ERR_NOT_BOARD
