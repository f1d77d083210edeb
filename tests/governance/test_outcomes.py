"""Every motion ends in exactly one outcome: passed, failed with its reason, or withdrawn
by its mover or the chair with a reason (a database constraint holds the rule)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from alliance.core.errors import ActionError
from alliance.core.models import AuditEvent
from alliance.governance import actions, outcomes
from alliance.governance.models import Motion, MotionKind
from alliance.transparency.models import LogEntry
from tests.factories import ready_application
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db

REASON = "The applicant asked for more time to answer the questions of the Board."


def _admission(actor, application):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=actor,
        kind=MotionKind.ADMISSION,
        title=f"Admit {application.organisation}",
        text="The Board admits the applicant.",
        today=TODAY,
        application=application,
        deadline=TODAY + timedelta(days=14),
    )


def test_mover_withdraws_with_a_reason(board, sam, ben, alice):  # type: ignore[no-untyped-def]
    motion = _admission(sam, ready_application(alice, sam))
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    withdrawn = outcomes.motion_withdraw(actor=sam, motion=motion, reason=REASON, today=TODAY)
    assert (withdrawn.status, withdrawn.outcome) == ("closed", "withdrawn")
    assert withdrawn.withdrawn_by == sam and withdrawn.failed_because == ""
    assert withdrawn.outcome_words == f"Withdrawn: {REASON}"
    assert withdrawn.decision is None and withdrawn.result["for"] == 1
    assert AuditEvent.objects.filter(verb="motion.withdrawn", object_id=str(motion.pk)).count() == 1
    fact = LogEntry.objects.get(kind="board.motion", subject=f"motion:{motion.pk}").body
    assert fact["outcome"] == "withdrawn" and fact["withdrawal_reason"] == REASON
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="against", today=TODAY)
    assert refused.value.message == actions.ERR_MOTION_CLOSED


def test_chair_withdraws_a_motion_someone_else_moved(board, sam, carla, alice):  # type: ignore[no-untyped-def]
    motion = _admission(sam, ready_application(alice, sam))
    withdrawn = outcomes.motion_withdraw(actor=carla, motion=motion, reason=REASON, today=TODAY)
    assert withdrawn.outcome == "withdrawn" and withdrawn.withdrawn_by == carla


def test_other_member_cannot_withdraw_and_nothing_changes(board, sam, ben, alice):  # type: ignore[no-untyped-def]
    motion = _admission(sam, ready_application(alice, sam))
    with pytest.raises(ActionError) as refused:
        outcomes.motion_withdraw(actor=ben, motion=motion, reason=REASON, today=TODAY)
    assert refused.value.message == outcomes.ERR_NOT_MOVER_OR_CHAIR
    motion.refresh_from_db()
    assert (motion.status, motion.outcome) == ("open", "")


def test_withdrawal_needs_a_reason_and_an_open_motion(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    with pytest.raises(ActionError) as refused:
        outcomes.motion_withdraw(actor=carla, motion=motion, reason="  ", today=TODAY)
    assert refused.value.message == outcomes.ERR_WITHDRAW_REASON
    outcomes.motion_withdraw(actor=carla, motion=motion, reason=REASON, today=TODAY)
    with pytest.raises(ActionError) as refused:
        outcomes.motion_withdraw(actor=carla, motion=motion, reason=REASON, today=TODAY)
    assert refused.value.message == outcomes.ERR_MOTION_NOT_OPEN
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY + timedelta(days=15))
    assert refused.value.message == actions.ERR_MOTION_CLOSED


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "closed", "outcome": ""},
        {"status": "closed", "outcome": "failed", "failed_because": ""},
        {"status": "closed", "outcome": "withdrawn", "withdrawal_reason": ""},
        {"status": "closed", "outcome": "passed", "failed_because": "no_quorum"},
        {"status": "open", "outcome": "passed"},
    ],
)
def test_database_refuses_a_closed_motion_without_exactly_one_outcome(
    board, carla, alice, sam, fields
):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.filter(pk=motion.pk).update(**fields)


def test_withdraw_button_and_outcome_in_words_on_page_and_register(
    board, carla, ben, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    motion = _admission(carla, ready_application(alice, sam))
    login(ben)
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    assert "Withdraw the motion" not in page
    assert (
        client.post(f"/board/motions/{motion.pk}/withdraw/", {"reason": REASON}).status_code == 403
    )
    login(carla)
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    assert "Withdraw the motion" in page
    response = client.post(f"/board/motions/{motion.pk}/withdraw/", {"reason": REASON})
    assert response.status_code == 302
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    assert f"Withdrawn: {REASON}" in page and "withdrawn by Carla Chair" in page
    register = client.get("/governance/decisions/").content.decode()
    assert f"Withdrawn: {REASON}" in register
