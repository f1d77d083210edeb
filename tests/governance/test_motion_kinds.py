"""Each kind of motion carries exactly its own data: the database refuses any other row
(constraint ``motion_fits_its_kind``, checked here with raw ORM writes that bypass the
actions), and ``motion_open`` refuses a value that is not for the kind."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from alliance.core.errors import ActionError
from alliance.governance import actions
from alliance.governance.models import Motion, MotionKind, NoticeKind
from alliance.governance.motion_kinds import EMPTY, KIND_FIELDS
from alliance.governance.rules import DEFAULT_RULES
from tests.factories import admitted_partnership, ready_application
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db

DEADLINE = TODAY + timedelta(days=14)


def _row(board: Any, kind: str, **data: Any) -> Motion:
    """A raw write: no action, no check but the database's."""
    with transaction.atomic():
        return Motion.objects.create(
            kind=kind, title="t", text="x", rules_version=board, opened_on=TODAY, deadline=DEADLINE,
            **data,
        )  # fmt: skip


def _refused_by_database(board: Any, kind: str, **data: Any) -> None:
    with pytest.raises(IntegrityError):
        _row(board, kind, **data)


def test_every_field_belongs_to_some_kind_and_the_table_covers_every_kind() -> None:
    assert set(KIND_FIELDS) == set(MotionKind.values)
    assert set().union(*(spec.allowed for spec in KIND_FIELDS.values())) == set(EMPTY)


def test_the_database_refuses_a_motion_without_its_own_data(board, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _refused_by_database(board, MotionKind.ADMISSION)
    _refused_by_database(board, MotionKind.ENDORSEMENT)
    _refused_by_database(board, MotionKind.RULE_CHANGE)
    _refused_by_database(board, MotionKind.SUSPENSION)
    _refused_by_database(board, MotionKind.RECOMMENDATION_ANSWER, proposed_answer="accepted")
    _refused_by_database(
        board, MotionKind.TIER_SCHEDULE, proposed_schedule={"version": "x"},
        schedule_publish_amounts=False, schedule_period_years=3,
    )  # fmt: skip
    assert not Motion.objects.exists()
    # The same rows with their data are accepted.
    _row(board, MotionKind.ADMISSION, application=application, tier="Partner")
    _row(board, MotionKind.ENDORSEMENT, endorsement_subject="Open wallets")
    _row(board, MotionKind.RULE_CHANGE, proposed_rules=dict(DEFAULT_RULES))
    assert Motion.objects.count() == 3


def test_the_database_refuses_another_kinds_data(board, alice, sam):  # type: ignore[no-untyped-def]
    partnership = admitted_partnership(alice, sam, "Amani Aid")
    notice = actions.notice_send(
        actor=sam, partnership=partnership, kind=NoticeKind.SUSPENSION, reasons="Late.",
        today=TODAY,
    )  # fmt: skip
    application = partnership.application
    _refused_by_database(board, MotionKind.DECLINE, application=application, tier="Partner")
    _refused_by_database(board, MotionKind.REINSTATEMENT, partnership=partnership, notice=notice)
    _refused_by_database(
        board, MotionKind.SUSPENSION, partnership=partnership, notice=notice,
        endorsement_subject="Open wallets",
    )  # fmt: skip
    _refused_by_database(
        board, MotionKind.ENDORSEMENT, endorsement_subject="Open wallets",
        schedule_period_years=3,
    )  # fmt: skip
    _refused_by_database(
        board, MotionKind.ADMISSION, application=application, partnership=partnership
    )
    # An update that bypasses the actions is refused too.
    motion = _row(board, MotionKind.SUSPENSION, partnership=partnership, notice=notice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.filter(pk=motion.pk).update(proposed_answer="accepted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.filter(pk=motion.pk).update(notice=None)
    motion.refresh_from_db()
    assert motion.notice_id == notice.pk and motion.proposed_answer == ""


def test_motion_open_refuses_a_value_that_is_not_for_the_kind(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    with pytest.raises(ActionError) as refused:
        actions.motion_open(
            actor=carla, kind=MotionKind.DECLINE, title="", text="", today=TODAY,
            application=application, tier="Partner", deadline=DEADLINE,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_NOT_FOR_KIND.format(kind="decline", field="a tier")
    assert refused.value.field == "tier"
    with pytest.raises(ActionError) as refused:
        actions.motion_open(
            actor=carla, kind=MotionKind.ENDORSEMENT, title="Endorse", text="Why.",
            today=TODAY, endorsement_subject="Open wallets", proposed_answer="accepted",
            deadline=DEADLINE,
        )  # fmt: skip
    assert refused.value.field == "proposed_answer"
    with pytest.raises(ActionError) as refused:
        actions.motion_open(
            actor=carla, kind="referendum", title="t", text="x", today=TODAY, deadline=DEADLINE
        )
    assert refused.value.message == actions.ERR_UNKNOWN_KIND.format(kind="referendum")
    assert not Motion.objects.exists()


def test_an_admission_tier_comes_from_the_schedule_in_force(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    with pytest.raises(ActionError) as refused:
        actions.motion_open_admission(
            actor=carla, application=application, tier="Platinum", today=TODAY,
            deadline=DEADLINE,
        )  # fmt: skip
    tiers = actions.admission_tiers(TODAY)
    assert tiers == ["Supporter", "Partner", "Strategic partner"]
    assert refused.value.message == actions.ERR_TIER_UNKNOWN.format(tiers=", ".join(tiers))
    motion = actions.motion_open_admission(
        actor=carla, application=application, tier="Strategic partner", today=TODAY,
        deadline=DEADLINE,
    )  # fmt: skip
    assert motion.kind == MotionKind.ADMISSION and motion.tier == "Strategic partner"
    assert motion.schedule_period_years is None and motion.proposed_rules is None


def test_a_reinstatement_takes_no_notice(board, carla, sam, alice):  # type: ignore[no-untyped-def]
    partnership = admitted_partnership(alice, sam, "Amani Aid")
    notice = actions.notice_send(
        actor=carla, partnership=partnership, kind=NoticeKind.SUSPENSION, reasons="Late.",
        today=TODAY,
    )  # fmt: skip
    with pytest.raises(ActionError) as refused:
        actions.motion_open_partnership(
            actor=carla, kind=MotionKind.ADMISSION, partnership=partnership, title="t",
            text="x", today=TODAY, deadline=DEADLINE,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_NOT_PARTNERSHIP_KIND.format(kind="admission")
    suspension = actions.motion_open_partnership(
        actor=carla, kind=MotionKind.SUSPENSION, partnership=partnership, notice=notice,
        title="Suspend", text="Late reports.", today=TODAY, deadline=DEADLINE,
    )  # fmt: skip
    assert suspension.notice_id == notice.pk


def test_rule_change_seats_are_checked_on_opening(board, carla):  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError) as refused:
        actions.motion_open_rule_change(
            actor=carla, title="New seats", text="Why.", today=TODAY,
            proposed_rules=dict(DEFAULT_RULES), proposed_seats=[{"member": "carla"}],
            deadline=DEADLINE,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_SEATS
    assert not Motion.objects.exists()
