"""Motions, votes, conflicts, and the decisions they produce."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.engines.tally import Outcome
from alliance.governance import actions, conflict_rulings
from alliance.governance.models import (
    Conflict,
    ConflictStatus,
    MotionKind,
    Notification,
    Vote,
    VoteEvent,
)
from alliance.governance.selectors import motion_tally
from alliance.organisations.choices import ApplicationStatus, PartnershipStatus
from alliance.organisations.models import Partnership
from alliance.transparency.models import LogEntry
from tests.factories import ready_application
from tests.governance.conftest import TODAY, seat

pytestmark = pytest.mark.django_db


def _admission(carla, application, **kw):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title=f"Admit {application.organisation}",
        text="Diligence is complete; the Board pack recommends engagement.",
        today=TODAY,
        application=application,
        deadline=TODAY + timedelta(days=14),
        **kw,
    )


def test_admission_motion_passes_and_flows_into_the_lifecycle(
    board, carla, ben, members, alice, sam, mailoutbox, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    with django_capture_on_commit_callbacks(execute=True):
        motion = _admission(carla, application, tier="Partner")
    assert Notification.objects.filter(kind="motion.opened").count() == 5
    assert len(mailoutbox) == 5
    for voter in [carla, ben, members[0]]:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
    actions.vote_cast(actor=members[1], motion=motion, choice="against", today=TODAY)
    actions.vote_cast(actor=members[2], motion=motion, choice="abstain", today=TODAY)
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert closed.outcome == Outcome.PASSED
    assert closed.decision is not None and closed.decision.applied_at is not None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert Partnership.objects.get(application=application).status == PartnershipStatus.ACTIVE
    fact = LogEntry.objects.get(kind="board.motion").fact["fact"]
    assert (fact["votes_for"], fact["votes_against"], fact["abstentions"]) == (3, 1, 1)
    assert fact["organisation"] == "Amani Aid"
    assert fact["votes"]["Carla Chair"] == "for"  # the rules make votes public
    assert LogEntry.objects.filter(kind="partner.admitted").exists()


def test_conflicted_member_is_excluded_from_quorum_and_vote(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    organisation = application.organisation
    # Ben comes from the applicant itself: the system flags him.
    actions.rules_seed_first(
        actor=ada,
        rules={"quorum_minimum": 1},
        adopted_on=TODAY,
        seats=[seat(carla, chair=True), seat(ben, organisation)] + [seat(m) for m in members],
    )
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion)
    assert conflict.member == ben and conflict.status == ConflictStatus.FLAGGED
    assert "subject of this motion" in conflict.reasons[0]
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_ANSWER_CONFLICT
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=True)
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_RECUSED
    result = motion_tally(motion)
    assert result.seats == 4 and result.quorum_needed == 2  # 1/2 of 4, not of 5
    actions.vote_cast(actor=carla, motion=motion, choice="for", today=TODAY)
    actions.vote_cast(actor=members[0], motion=motion, choice="for", today=TODAY)
    actions.vote_cast(actor=members[1], motion=motion, choice="against", today=TODAY)
    actions.vote_cast(actor=members[2], motion=motion, choice="against", today=TODAY)
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    # 2-2 among the four seats: the chair's casting vote carries it; Ben counted nowhere.
    assert closed.outcome == Outcome.PASSED and closed.result["casting_vote_used"]
    assert closed.result["recused"] == ["Ben Board"]
    assert LogEntry.objects.get(kind="board.motion").fact["fact"]["recused"] == ["Ben Board"]


def test_competitor_in_same_identity_sector_is_flagged_and_may_explain(
    carla, ben, members, ada, alice, bob, sam
):  # type: ignore[no-untyped-def]
    # Ben's organisation, a rival applicant (its sectors and stance are what count).
    rival = ready_application(bob, sam, legal_name="Iris Rival Ltd")
    rival.organisation.sectors = ["Biometrics"]
    rival.organisation.save()
    application = ready_application(alice, sam, legal_name="Helix Eyes")
    application.organisation.sectors = ["biometrics", "health"]
    application.organisation.save()
    actions.rules_seed_first(
        actor=ada,
        rules={},
        adopted_on=TODAY,
        seats=[seat(carla, chair=True), seat(ben, rival.organisation)] + [seat(m) for m in members],
    )
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    assert "competes with Helix Eyes" in conflict.reasons[0]
    with pytest.raises(ActionError) as refused:
        actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False)
    assert refused.value.message == actions.ERR_EXPLAIN
    actions.conflict_resolve(
        actor=ben,
        conflict=conflict,
        recuse=False,
        explanation="We sell to different markets; no overlap.",
    )
    # The explanation alone does not clear the flag: the chair rules on it.
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_AWAITING_RULING
    conflict_rulings.conflict_rule(
        actor=carla, conflict=conflict, accepted=True, reason="No overlap in markets."
    )
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert motion_tally(motion).votes_for == 1


def test_vote_changes_are_recorded_and_counted_once(board, carla, ben, alice, sam):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    actions.vote_cast(actor=ben, motion=motion, choice="against", today=TODAY)
    actions.vote_cast(actor=ben, motion=motion, choice="against", today=TODAY)
    assert Vote.objects.filter(motion=motion).count() == 1
    assert list(VoteEvent.objects.filter(motion=motion).values_list("previous", "choice")) == [
        ("", "for"),
        ("for", "against"),
    ]
    assert motion_tally(motion).votes_against == 1


def test_results_are_final_at_close(board, carla, ben, alice, sam):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert refused.value.message == actions.ERR_NOT_YET_CLOSABLE
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY + timedelta(days=15))
    assert (closed.outcome, closed.failed_because) == ("failed", "no_quorum")
    assert closed.outcome_words == "Failed: no quorum"
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_MOTION_CLOSED


def test_only_seated_members_vote(board, carla, sam, alice, rita):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=rita, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_NOT_SEATED


def test_rule_change_applies_only_to_motions_opened_after_it_passes(
    board, carla, ben, members, alice, bob, sam
):  # type: ignore[no-untyped-def]
    early = _admission(carla, ready_application(alice, sam))
    stricter = {
        "majorities": {"admission": {"majority": "qualified", "fraction": "4/5", "base": "members"}}
    }
    change = actions.motion_open(
        actor=carla,
        kind=MotionKind.RULE_CHANGE,
        title="Admissions need four fifths",
        text="Raise the admission majority.",
        today=TODAY,
        proposed_rules=stricter,
        deadline=TODAY + timedelta(days=14),
    )
    for voter in [carla, ben, *members]:
        actions.vote_cast(actor=voter, motion=change, choice="for", today=TODAY)
    actions.motion_close(actor=carla, motion=change, today=TODAY)
    assert change.adopted_rules.version == 2
    assert change.adopted_rules.seats.count() == 5
    assert LogEntry.objects.filter(kind="governance.rules").count() == 2
    late = _admission(carla, ready_application(bob, sam, legal_name="Other Org"))
    assert late.rules_version.version == 2 and early.rules_version.version == 1
    # Three of five for: enough under v1 (simple majority), not under v2 (4/5 of members).
    for motion in (early, late):
        for voter, choice in zip([carla, ben, *members], "FFFAA", strict=True):
            actions.vote_cast(
                actor=voter,
                motion=motion,
                choice="for" if choice == "F" else "against",
                today=TODAY,
            )
    assert actions.motion_close(actor=carla, motion=early, today=TODAY).outcome == "passed"
    failed = actions.motion_close(actor=carla, motion=late, today=TODAY)
    assert (failed.outcome, failed.failed_because) == ("failed", "votes")


def test_rule_change_with_invalid_rules_is_refused(board, carla):  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError):
        actions.motion_open(
            actor=carla,
            kind=MotionKind.RULE_CHANGE,
            title="Bad",
            text="Bad rules.",
            today=TODAY,
            proposed_rules={"quorum_fraction": "3/2"},
            deadline=TODAY + timedelta(days=14),
        )


def test_first_rules_version_cannot_be_seeded_twice(board, ada, carla):  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError) as refused:
        actions.rules_seed_first(
            actor=ada, rules={}, adopted_on=TODAY, seats=[seat(carla, chair=True)]
        )
    assert refused.value.message == actions.ERR_RULES_EXIST


def test_meeting_minutes_record_recusals(board, carla, ben, members, alice, sam):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    meeting = actions.meeting_schedule(
        actor=carla, title="Board meeting 2026-1", starts_at=timezone.now(), agenda="1. Admissions"
    )
    motion = actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit Amani Aid",
        text="Admit.",
        today=TODAY,
        application=ready_application(alice, sam),
        meeting=meeting,
    )
    actions.conflict_declare(actor=ben, motion=motion, reason="My sister runs Amani Aid.")
    for voter in [carla, *members]:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
    actions.meeting_record(
        actor=carla, meeting=meeting, attendees=[carla, *members], minutes="Opened 10:00."
    )
    actions.motion_close(actor=carla, motion=motion, today=TODAY)
    meeting.refresh_from_db()
    assert "Recused: Ben Board" in meeting.minutes and meeting.minutes.startswith("Opened")


def test_deadline_reminders_reach_only_those_who_have_not_voted(
    board, carla, ben, members, alice, sam
):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert actions.remind_deadlines(today=TODAY) == 0  # not yet within two days
    told = actions.remind_deadlines(today=motion.deadline - timedelta(days=1))
    assert told == 4
    reminded = set(
        Notification.objects.filter(kind="motion.deadline").values_list("user_id", flat=True)
    )
    assert ben.pk not in reminded and carla.pk in reminded


def test_a_meeting_motion_cannot_close_before_the_meeting_starts(
    client, board, carla, members, alice, sam
):  # type: ignore[no-untyped-def]
    """Walk 3: a motion put to a meeting could be closed (its tally made final, a passed
    motion carried out) days before the meeting. Refused with ERR_MEETING_NOT_STARTED by
    the one predicate every path goes through: the action, and the motion page (no
    Close button; a POST to close is refused). There is no API, admin or task that
    closes motions (the admin reads only)."""
    from django.urls import reverse
    from django.utils import timezone

    from alliance.governance.lifecycle import motion_closable
    from alliance.governance.models import Motion, MotionStatus
    from tests.factories import sign_in

    starts = timezone.now() + timedelta(days=3)
    meeting = actions.meeting_schedule(
        actor=carla, title="Board meeting", starts_at=starts, agenda="1. Admissions"
    )
    motion = actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit Amani Aid",
        text="Admit.",
        today=timezone.localdate(),
        application=ready_application(alice, sam),
        meeting=meeting,
    )
    for voter in [carla, *members]:
        actions.vote_cast(actor=voter, motion=motion, choice="for")
    today = timezone.localdate()
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=today)
    assert refused.value.message.startswith(
        str(actions.ERR_MEETING_NOT_STARTED).split("{starts}", 1)[0]
    )
    assert not motion_closable(motion, today)
    # The page offers no Close button and refuses the POST, saying why.
    sign_in(client, carla)
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert 'id="close-refused"' in page and "decided at its meeting" in page
    response = client.post(reverse("governance:motion_close", args=[motion.pk]), follow=True)
    assert "decided at its meeting" in response.content.decode()
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.OPEN
    # Once the meeting has started (a later day here), the chair closes it.
    closed = actions.motion_close(actor=carla, motion=motion, today=today + timedelta(days=4))
    assert closed.status == MotionStatus.CLOSED
