"""Suspension and termination with notice, reasons and a response period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.governance import actions
from alliance.governance.models import MotionKind, NoticeKind
from alliance.organisations.choices import PartnershipStatus
from tests.factories import admitted_partnership
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db


def _all_vote_for(motion, voters):  # type: ignore[no-untyped-def]
    for voter in voters:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=motion.opened_on)


def _notice(carla, partnership, kind=NoticeKind.TERMINATION, reasons="Sold data."):  # type: ignore[no-untyped-def]
    return actions.notice_send(
        actor=carla, partnership=partnership, kind=kind, reasons=reasons, today=TODAY
    )


def _motion(carla, partnership, notice, today, kind, title, text):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=kind,
        title=title,
        text=text,
        today=today,
        partnership=partnership,
        notice=notice,
        deadline=today + timedelta(days=14),
    )


def _termination(carla, partnership, notice, today):  # type: ignore[no-untyped-def]
    kind, title, text = MotionKind.TERMINATION, "Terminate", "Breach of principles."
    return _motion(carla, partnership, notice, today, kind, title, text)


def test_termination_cannot_skip_the_response_period(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    partnership = admitted_partnership(alice, sam)
    with pytest.raises(ActionError) as refused:
        _termination(carla, partnership, None, TODAY)
    assert refused.value.message == actions.ERR_NEEDS_NOTICE
    notice = _notice(carla, partnership)
    assert notice.response_due == TODAY + timedelta(days=30)  # from the rules in force
    for day in (TODAY, notice.response_due):
        with pytest.raises(ActionError) as refused:
            _termination(carla, partnership, notice, day)
        assert refused.value.message == actions.ERR_RESPONSE_PERIOD
    motion = _termination(carla, partnership, notice, notice.response_due + timedelta(days=1))
    assert motion.pk


def test_termination_after_response_terminates_and_publishes(
    board, carla, ben, members, alice, sam
):  # type: ignore[no-untyped-def]
    from alliance.transparency.models import LogEntry

    partnership = admitted_partnership(alice, sam)
    notice = _notice(carla, partnership)
    actions.notice_respond(
        actor=alice, notice=notice, response="We dispute this.", today=TODAY + timedelta(days=3)
    )
    motion = _termination(carla, partnership, notice, TODAY + timedelta(days=4))
    _all_vote_for(motion, [carla, ben, *members])
    actions.motion_close(actor=carla, motion=motion, today=TODAY + timedelta(days=5))
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.TERMINATED
    assert LogEntry.objects.filter(kind="partner.terminated").exists()


def test_suspension_is_an_intermediate_step(board, carla, ben, members, alice, sam):  # type: ignore[no-untyped-def]
    partnership = admitted_partnership(alice, sam)
    notice = _notice(carla, partnership, NoticeKind.SUSPENSION, "Under review.")
    motion = _motion(
        carla, partnership, notice, TODAY, MotionKind.SUSPENSION, "Suspend", "Pending review."
    )
    _all_vote_for(motion, [carla, ben, *members])
    actions.motion_close(actor=carla, motion=motion, today=TODAY)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.SUSPENDED
    # A suspension notice does not open the way to termination.
    with pytest.raises(ActionError) as refused:
        _termination(carla, partnership, notice, TODAY + timedelta(days=60))
    assert refused.value.message == actions.ERR_RESPONSE_PERIOD


def test_only_the_partner_responds(board, carla, alice, bob, sam):  # type: ignore[no-untyped-def]
    partnership = admitted_partnership(alice, sam)
    notice = _notice(carla, partnership)
    with pytest.raises(ActionError) as refused:
        actions.notice_respond(actor=bob, notice=notice, response="Not me.", today=TODAY)
    assert refused.value.message == actions.ERR_NOT_PARTNER


def test_a_second_notice_waits_until_the_first_is_decided(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    from alliance.core.i18n import date_shown
    from alliance.governance.actions.notices import ERR_NOTICE_PENDING

    partnership = admitted_partnership(alice, sam)
    first = _notice(carla, partnership)
    with pytest.raises(ActionError) as refused:
        _notice(carla, partnership, reasons="Also late reports.")
    assert refused.value.message == ERR_NOTICE_PENDING.format(due=date_shown(first.response_due))
    # A notice of another kind is a separate matter.
    assert _notice(carla, partnership, kind=NoticeKind.SUSPENSION).pk
