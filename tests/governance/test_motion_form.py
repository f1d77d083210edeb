"""The motion form and page: only applications ready for a Board decision are offered,
the tier is one of the schedule in force, "Close voting" is offered only when
``check_motion_closable`` allows it, and a conflict flag says "You" only to its member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.diligence.models import Case
from alliance.diligence.selectors import current_admission_case
from alliance.governance import actions
from alliance.governance.forms import NO_READY_APPLICATION, MotionForm
from alliance.governance.lifecycle import ERR_NOT_YET_CLOSABLE, applications_ready_for_board
from alliance.governance.models import MotionKind
from tests.factories import ready_application, sign_in

pytestmark = pytest.mark.django_db

CLOSE = "Close voting and record the result"


def _form() -> MotionForm:
    return MotionForm(ready_applications=applications_ready_for_board())


def _admission(carla, application):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return actions.motion_open(
        actor=carla, kind=MotionKind.ADMISSION, title="Admit", text="Admit.", today=today,
        application=application, deadline=today + timedelta(days=14),
    )  # fmt: skip


def test_only_applications_ready_for_the_board_are_offered(client, board, carla, alice, bob, sam):  # type: ignore[no-untyped-def]
    assert _form().no_ready_application == NO_READY_APPLICATION
    ready = ready_application(alice, sam, "Amani Aid")
    # Status "ready for the Board", but the case was signed off by its own preparer.
    self_signed = ready_application(bob, sam, "Other Org")
    case = current_admission_case(self_signed)
    assert case is not None
    Case.objects.filter(pk=case.pk).update(signed_off_by=case.prepared_by)
    form = _form()
    assert list(form.fields["application"].queryset) == [ready]
    assert form.no_ready_application == ""
    sign_in(client, carla)
    page = client.get(reverse("governance:motion_new")).content.decode()
    assert "Amani Aid" in page and "Other Org" not in page
    assert str(NO_READY_APPLICATION) not in page


def test_the_form_says_why_no_application_is_listed(client, board, carla):  # type: ignore[no-untyped-def]
    sign_in(client, carla)
    page = client.get(reverse("governance:motion_new")).content.decode()
    assert 'id="no-ready-application"' in page
    assert "signed off by someone other than its preparer" in page


def test_the_tier_is_a_choice_of_the_schedule_in_force(client, board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    form = _form()
    assert [value for value, _ in form.fields["tier"].choices] == [
        "", "Supporter", "Partner", "Strategic partner",
    ]  # fmt: skip
    sign_in(client, carla)
    today = timezone.localdate()
    data = {
        "kind": MotionKind.ADMISSION, "title": "Admit", "text": "Admit.",
        "application": application.pk, "tier": "Platinum",
        "deadline": (today + timedelta(days=14)).isoformat(),
    }  # fmt: skip
    page = client.post(reverse("governance:motion_new"), data)
    assert page.status_code == 200 and "Platinum is not one of the available choices" in (
        page.content.decode()
    )
    response = client.post(reverse("governance:motion_new"), {**data, "tier": "Partner"})
    assert response.status_code == 302
    assert application.motions.get().tier == "Partner"


def test_close_voting_is_offered_only_when_the_motion_can_close(  # type: ignore[no-untyped-def]
    client, board, carla, ben, members, alice, sam
):
    motion = _admission(carla, ready_application(alice, sam))
    sign_in(client, carla)
    url = reverse("governance:motion", args=[motion.pk])
    page = client.get(url).content.decode()
    assert CLOSE not in page and str(ERR_NOT_YET_CLOSABLE) in page
    for voter in [carla, ben, *members]:
        actions.vote_cast(actor=voter, motion=motion, choice="for")
    page = client.get(url).content.decode()
    assert CLOSE in page and 'id="close-refused"' not in page


def test_a_conflict_says_you_only_to_its_member(client, board, carla, ben, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    actions.interest_declare(
        actor=ben, description="Adviser", today=timezone.localdate(),
        organisation=application.organisation,
    )  # fmt: skip
    motion = _admission(carla, application)
    url = reverse("governance:motion", args=[motion.pk])
    mine = f"You declared an interest in {application.organisation.legal_name}."
    theirs = f"{ben.display_name} declared an interest in {application.organisation.legal_name}."
    sign_in(client, ben)
    page = client.get(url).content.decode()
    assert mine in page and theirs not in page
    client.logout()
    sign_in(client, carla)
    page = client.get(url).content.decode()
    assert theirs in page and "You declared" not in page


def test_an_admission_opens_from_the_page_worded_from_its_case(client, board, carla, alice, sam):  # type: ignore[no-untyped-def]
    """The chair leaves title and text blank: the motion takes the case's title and
    statement (governance.lifecycle.admission_motion_wording), as the action allows."""
    application = ready_application(alice, sam)
    sign_in(client, carla)
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        reverse("governance:motion_new"),
        {"kind": MotionKind.ADMISSION, "title": "", "text": "", "application": application.pk,
         "deadline": deadline},
    )  # fmt: skip
    assert response.status_code == 302
    motion = application.motions.get()
    assert motion.title == "Admit Amani Aid as a partner"
    assert "The Board admits Amani Aid as a partner of the alliance." in motion.text
    assert "Mover" not in motion.text


def test_a_french_chair_opens_the_offered_wording_and_it_is_stored_in_english(  # type: ignore[no-untyped-def]
    client, board, carla, alice, sam
):
    """The form offers the case's wording in the chair's language; posted back unchanged
    (plus a note of its own), the motion stores the case's English wording, the note as
    written, and the page reads it back in French."""
    application = ready_application(alice, sam)
    carla.language = "fr"
    carla.save(update_fields=["language"])
    sign_in(client, carla)
    url = reverse("governance:motion_new")
    offered = client.get(f"{url}?application={application.pk}").context["form"].initial
    assert offered["title"] == "Admettre Amani Aid comme partenaire"
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        url,
        {"kind": MotionKind.ADMISSION, "title": offered["title"], "text": offered["text"],
         "application": application.pk, "deadline": deadline},
    )  # fmt: skip
    assert response.status_code == 302
    motion = application.motions.get()
    assert motion.title == "Admit Amani Aid as a partner"
    assert "The Board admits Amani Aid as a partner of the alliance." in motion.text
    assert "Mover" not in motion.text and "Admettre" not in motion.text
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert "Admettre Amani Aid comme partenaire" in page


def test_a_note_added_to_the_offered_french_wording_is_kept_after_the_english_statement(  # type: ignore[no-untyped-def]
    board, alice, sam
):
    from django.utils import translation

    from alliance.governance.lifecycle import admission_motion_text, admission_motion_wording

    application = ready_application(alice, sam)
    case = current_admission_case(application)
    with translation.override("fr"):
        _title, offered = admission_motion_text(case)
        title, text = admission_motion_wording(
            application, MotionKind.ADMISSION, "", "Vu en séance."
        )
        _same, unchanged = admission_motion_wording(application, MotionKind.ADMISSION, "", offered)
    assert title == "Admit Amani Aid as a partner"
    assert text.endswith("\n\nMover’s note: Vu en séance.")
    assert text.startswith("Due-diligence case #")
    assert "Mover" not in unchanged


def test_other_kinds_still_need_a_title_and_a_text(client, board, carla):  # type: ignore[no-untyped-def]
    sign_in(client, carla)
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    page = client.post(
        reverse("governance:motion_new"),
        {"kind": MotionKind.RULE_CHANGE, "title": " ", "text": "",
         "proposed_rules": '{"quorum_minimum": 4}', "deadline": deadline},
    )  # fmt: skip
    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors["title"] == ["This field is required."]
    assert form.errors["text"] == ["This field is required."]


def test_an_application_with_an_open_motion_is_not_offered_again(client, board, carla, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    sign_in(client, carla)
    page = client.get(reverse("governance:motion_new"))
    assert application in page.context["form"].fields["application"].queryset
    _admission(carla, application)
    page = client.get(reverse("governance:motion_new"))
    assert application not in page.context["form"].fields["application"].queryset


def test_a_meeting_already_held_takes_no_new_motion(client, board, carla, alice, sam):  # type: ignore[no-untyped-def]
    """Walk 3: the form offered the Board meeting held six weeks earlier, and a motion put
    to it opened and could be closed at once, skipping the notice a written resolution
    must give. The form offers coming meetings only, and the action refuses a held one."""
    from alliance.core.errors import ActionError
    from alliance.governance.models import Motion

    now = timezone.now()
    held = actions.meeting_schedule(
        actor=carla, title="Held", starts_at=now - timedelta(days=45), agenda="1."
    )
    coming = actions.meeting_schedule(
        actor=carla, title="Coming", starts_at=now + timedelta(days=20), agenda="1."
    )
    assert list(_form().fields["meeting"].queryset) == [coming]
    application = ready_application(alice, sam)
    with pytest.raises(ActionError) as refused:
        actions.motion_open(
            actor=carla, kind=MotionKind.ADMISSION, title="Admit", text="Admit.",
            today=timezone.localdate(), application=application, meeting=held,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_MEETING_HELD
    sign_in(client, carla)
    data = {"kind": MotionKind.ADMISSION, "application": application.pk, "meeting": held.pk}
    page = client.post(reverse("governance:motion_new"), data)
    assert page.status_code == 200 and not Motion.objects.filter(application=application)
    response = client.post(reverse("governance:motion_new"), {**data, "meeting": coming.pk})
    assert response.status_code == 302
    assert Motion.objects.get(application=application).meeting == coming


def test_the_forms_meeting_and_notice_options_write_dates_as_the_site_does(board, carla):  # type: ignore[no-untyped-def]
    """Walk 3: the options read "(2026-12-24)" and "response due 2026-12-22" where every
    other page writes "24 Dec 2026"."""
    from django.utils import translation

    from alliance.core.i18n import date_shown

    starts = timezone.now() + timedelta(days=20)
    meeting = actions.meeting_schedule(actor=carla, title="Coming", starts_at=starts, agenda="1.")
    with translation.override("fr"):
        label = _form().fields["meeting"].label_from_instance(meeting)
        assert label == f"Coming ({date_shown(timezone.localtime(starts).date())})"
        assert starts.date().isoformat() not in label
