"""The admission guard (governance.lifecycle): an admission or decline motion opens and
closes only on a case revision signed off by a second person, with its Board pack; the
motion's text states the case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.diligence import actions as dd
from alliance.diligence.models import CaseStatus
from alliance.diligence.selectors import current_admission_case
from alliance.governance import actions, lifecycle
from alliance.governance.models import Motion, MotionKind, MotionStatus
from alliance.organisations.choices import ApplicationStatus
from alliance.organisations.models import Partnership
from tests.factories import (
    complete_case,
    ready_application,
    second_reviewer,
    submitted_application,
)
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db


def _open(carla, application, kind=MotionKind.ADMISSION, text=""):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=kind,
        title="",
        text=text,
        today=TODAY,
        application=application,
        deadline=TODAY + timedelta(days=14),
    )


def _refused(carla, application, message, kind=MotionKind.ADMISSION):  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError) as refused:
        _open(carla, application, kind)
    assert refused.value.message == message
    assert not Motion.objects.exists()


def test_no_motion_before_a_four_eyes_sign_off_and_a_board_pack(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    case = current_admission_case(application)
    for kind in (MotionKind.ADMISSION, MotionKind.DECLINE):
        _refused(carla, application, lifecycle.ERR_CASE_NOT_SIGNED, kind)
    complete_case(case, sam)
    dd.case_prepare(actor=sam, case=case)
    _refused(carla, application, lifecycle.ERR_CASE_NOT_SIGNED)
    case = dd.case_sign_off(actor=second_reviewer(sam), case=case)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.READY_FOR_BOARD
    _refused(carla, application, lifecycle.ERR_NO_BOARD_PACK)
    dd.board_pack_generate(actor=sam, case=case)
    motion = _open(carla, application)
    assert motion.status == MotionStatus.OPEN


def test_a_case_signed_by_its_preparer_never_admits(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    case = current_admission_case(application)
    # Even a row written around the four-eyes action does not pass the guard.
    type(case).objects.filter(pk=case.pk).update(signed_off_by=case.prepared_by)
    _refused(carla, application, lifecycle.ERR_SIGNED_BY_PREPARER)


def test_revising_the_case_blocks_closing_until_signed_again_with_a_fresh_pack(  # type: ignore[no-untyped-def]
    board, carla, ben, members, alice, sam
):
    application = ready_application(alice, sam)
    motion = _open(carla, application)
    for voter in [carla, ben, *members]:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
    revision = dd.case_revise(
        actor=sam, case=current_admission_case(application), reason="A new controversy."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_DUE_DILIGENCE
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert refused.value.message == lifecycle.ERR_CASE_CHANGED
    motion.refresh_from_db()
    assert motion.status == MotionStatus.OPEN and motion.outcome == ""
    assert not Partnership.objects.exists()

    dd.case_prepare(actor=sam, case=revision)
    revision = dd.case_sign_off(actor=second_reviewer(sam), case=revision)
    with pytest.raises(ActionError) as refused:  # signed again, but no fresh pack yet
        actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert refused.value.message == lifecycle.ERR_CASE_CHANGED
    dd.board_pack_generate(actor=sam, case=revision)
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert closed.outcome == "passed"
    assert Partnership.objects.get(application=application).status == "active"


def test_motion_text_states_the_case_not_a_fixed_claim(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    case = current_admission_case(application)
    complete_case(case, sam, recommendation="engage_with_mitigation")
    signer = second_reviewer(sam)
    # The reviewer overrides (only a reviewer may), then signs what was prepared.
    dd.case_override_level(actor=signer, case=case, level="moderate", reason="Thin ESG record.")
    dd.case_prepare(actor=sam, case=case)
    case = dd.case_sign_off(actor=signer, case=case)
    dd.board_pack_generate(actor=sam, case=case)
    motion = _open(carla, application, text="Please read the pack.")
    assert motion.title == "Admit Amani Aid as a partner"
    assert "Risk level: moderate (overridden from" in motion.text
    assert "Recommendation: Engage with mitigation. Low risk." in motion.text
    assert "Mitigations: Annual check-in." in motion.text
    assert f"signed off by {signer.display_name}" in motion.text
    assert "Please read the pack." in motion.text
    assert "complete and signed off" not in motion.text
    assert case.status == CaseStatus.SIGNED_OFF


def test_board_pack_link_on_the_motion_works(client, board, carla, alice, sam):  # type: ignore[no-untyped-def]
    from tests.factories import sign_in

    application = ready_application(alice, sam)
    motion = _open(carla, application)
    sign_in(client, carla)
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    case = current_admission_case(application)
    link = f"/diligence/cases/{case.pk}/board-pack/"
    assert link in page
    assert client.get(link).status_code == 200
    # The new-motion form is prefilled from the case.
    form = client.get(f"/board/motions/new/?application={application.pk}").content.decode()
    assert f"Due-diligence case #{case.pk}, revision 1" in form
    assert f"Risk level: {case.level}." in form


def test_a_stale_motion_form_names_the_motion_already_open_on_the_application(  # type: ignore[no-untyped-def]
    client, board, carla, alice, sam
):
    from django.utils.html import escape

    from alliance.governance.forms import ERR_APPLICATION_HAS_MOTION
    from tests.factories import sign_in

    application = ready_application(alice, sam)
    motion = _open(carla, application)
    sign_in(client, carla)
    response = client.post(
        "/board/motions/new/",
        {
            "kind": MotionKind.ADMISSION,
            "application": str(application.pk),
            "deadline": (TODAY + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    expected = ERR_APPLICATION_HAS_MOTION % {
        "organisation": "Amani Aid",
        "pk": motion.pk,
        "status": "open for votes",
    }
    assert escape(expected) in page
    assert "Select a valid choice" not in page
    assert Motion.objects.filter(application=application).count() == 1
