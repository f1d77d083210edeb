"""Ongoing monitoring: re-assessment dates from the risk level, the daily run at the
due-date boundary, list updates and new controversies opening re-assessments."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from alliance.diligence import actions
from alliance.diligence.models import Case, CaseKind, CaseStatus
from alliance.diligence.selectors import monitoring_rows
from alliance.governance import flows
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind
from tests.diligence.helpers import another_reviewer, case_for, complete_case
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def admitted(applicant, sam, rita, name, *, controversy=None):  # type: ignore[no-untyped-def]
    """A partner admitted after a signed case; ``controversy`` raises its level."""
    case = case_for(applicant, name, type="company")
    if controversy:
        actions.controversy_add(
            actor=sam,
            case=case,
            title="Reported",
            severity=controversy[0],
            status=controversy[1],
            source_url="https://news.example.org/x",
        )
    complete_case(case, sam)
    actions.case_prepare(actor=sam, case=case)
    actions.case_sign_off(actor=rita, case=case)  # the application is now ready for the Board
    actions.board_pack_generate(actor=rita, case=case)
    decision = board_decision_record(
        actor=sam,
        kind=DecisionKind.ADMISSION,
        reason="Clear.",
        decided_on=date(2026, 3, 2),
        application=case.application,
    )
    flows.admission(actor=sam, application=case.application, decision=decision)
    case.refresh_from_db()
    return case


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_next_date_follows_the_level(alice, bob, sam, rita) -> None:
    low = admitted(alice, sam, rita, "Low Co")
    high = admitted(bob, sam, rita, "High Co", controversy=("severe", "substantiated"))
    assert (low.level, low.next_reassessment_on) == ("low", date(2029, 3, 1))
    assert (high.level, high.next_reassessment_on) == ("high", date(2026, 9, 1))
    rows = {r.organisation.legal_name: r for r in monitoring_rows()}
    assert rows["High Co"].due_on == date(2026, 9, 1)
    assert rows["High Co"].state(date(2026, 7, 15)) == "upcoming"
    assert rows["High Co"].state(date(2026, 9, 2)) == "overdue"


def test_daily_run_opens_a_reassessment_exactly_on_the_due_date(alice, sam, rita) -> None:
    with time_machine.travel(date(2026, 3, 1), tick=False):
        signed = admitted(alice, sam, rita, "High Co", controversy=("severe", "substantiated"))
    assert signed.next_reassessment_on == date(2026, 9, 1)
    with time_machine.travel(date(2026, 8, 31), tick=False):
        call_command("diligence_daily")
        assert not Case.objects.filter(kind=CaseKind.REASSESSMENT).exists()
    with time_machine.travel(date(2026, 9, 1), tick=False):
        call_command("diligence_daily")
        call_command("diligence_daily")  # a second run the same day opens nothing more
    reassessments = Case.objects.filter(kind=CaseKind.REASSESSMENT)
    assert reassessments.count() == 1
    case = reassessments.get()
    assert case.organisation == signed.organisation and case.status == CaseStatus.OPEN
    assert "due 2026-09-01" in case.reason


def test_the_daily_task_runs_the_same_rule(alice, sam, rita) -> None:
    from alliance.diligence.tasks import diligence_daily_task

    with time_machine.travel(date(2026, 3, 1), tick=False):
        admitted(alice, sam, rita, "High Co", controversy=("severe", "substantiated"))
    with time_machine.travel(date(2026, 9, 1), tick=False):
        result = diligence_daily_task.enqueue()
    assert result.return_value == 1


def test_a_list_update_opens_exactly_the_expected_reassessments(alice, bob, sam, rita) -> None:
    carol = make_user("carol@third.example")
    dave = make_user("dave@fourth.example")
    touched = admitted(alice, sam, rita, "Touched Partner").organisation
    untouched = admitted(bob, sam, another_reviewer(), "Untouched Partner").organisation
    busy = admitted(carol, sam, rita, "Busy Partner").organisation
    already = actions.open_reassessments_for([busy], "Annual check")  # already has an open case
    applicant_org = case_for(dave, "Applicant In Diligence").organisation  # not a partner
    # The organisations a list diff touched (as the screening side would pass them).
    opened = actions.open_reassessments_for(
        [touched, busy, applicant_org], "UN list update 2026-05-01: new entry near the name."
    )
    assert [c.organisation for c in opened] == [touched]
    assert opened[0].kind == CaseKind.REASSESSMENT
    assert opened[0].reason.startswith("UN list update")
    assert not Case.objects.filter(organisation=untouched, kind=CaseKind.REASSESSMENT).exists()
    assert Case.objects.filter(organisation=busy, kind=CaseKind.REASSESSMENT).count() == 1
    assert already[0].notes.filter(text__contains="UN list update").exists()
    assert Case.objects.filter(organisation=applicant_org).count() == 1


def test_a_new_controversy_opens_a_reassessment(alice, sam, rita) -> None:
    organisation = admitted(alice, sam, rita, "Partner Co").organisation
    case = actions.partner_controversy_report(
        actor=sam,
        organisation=organisation,
        title="Data leak of 2m records",
        source_url="https://news.example.org/leak",
        severity="serious",
        status="alleged",
    )
    assert case.kind == CaseKind.REASSESSMENT
    assert case.controversies.get().title == "Data leak of 2m records"
    case.refresh_from_db()
    assert case.assessment["points"] == 2


def test_why_a_reassessment_opened_is_stored_in_english_and_read_in_french_and_arabic(
    alice, sam, rita, client, login
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    with time_machine.travel(date(2026, 3, 1), tick=False):
        signed = admitted(alice, sam, rita, "High Co", controversy=("severe", "substantiated"))
    with time_machine.travel(date(2026, 9, 1), tick=False):
        [case] = actions.diligence_daily(today=date(2026, 9, 1))
    assert case.reason == "Scheduled re-assessment at level high, due 2026-09-01."
    # A list update while the case is open adds the system's note to it instead.
    reason = "Sanctions list update (UN, 2026-09-02) produced new or changed screening hits."
    assert actions.open_reassessments_for([signed.organisation], reason) == []
    assert case.notes.get(author=None).text == f"Re-check requested: {reason}"
    url = reverse("diligence:case", args=[case.pk])
    login(sam)
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réévaluation périodique au niveau élevé, prévue le 1er septembre 2026." in french
    assert (
        "Nouvelle vérification demandée : La mise à jour de la liste de sanctions (UN, "
        "2 septembre 2026) a produit des correspondances de filtrage nouvelles ou modifiées."
    ) in french
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "إعادة تقييم دورية عند المستوى " in arabic
    assert "طُلبت إعادة التحقق: أسفر تحديث قائمة الجزاءات (UN، " in arabic
    assert "Scheduled re-assessment" not in french + arabic
    assert "Re-check requested" not in french + arabic


def test_a_reason_in_a_reviewers_words_is_shown_as_written(alice, sam, rita, client, login) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    organisation = admitted(alice, sam, rita, "Partner Co").organisation
    [case] = actions.open_reassessments_for([organisation], "Annual check")
    login(sam)
    french = client.get(
        reverse("diligence:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert " — Annual check</dd>" in french
