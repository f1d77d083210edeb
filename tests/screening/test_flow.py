"""The Django flow end to end: list loaded, application submitted, screened in the
background, hit explained, decided."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.governance import flows
from alliance.organisations import actions as org_actions
from alliance.screening import actions
from alliance.screening.models import ScreeningDecision, ScreeningSubject
from alliance.screening.selectors import results_for_organisation
from tests.factories import complete_draft

pytestmark = pytest.mark.django_db

LISTED_OFFICER = {
    "name": "Amir Ali Chaudhry",
    "role": "officer",
    "position": "Treasurer",
    "nationality": "PK",
    "birth_date": date(1986, 8, 3),
}
CLEAN_OFFICER = {
    "name": "Grace Wanjiru",
    "role": "officer",
    "position": "Director",
    "nationality": "KE",
    "birth_date": date(1979, 2, 1),
}


def submit_with_people(applicant, people, legal_name="Amani Aid"):  # type: ignore[no-untyped-def]
    application = complete_draft(applicant, legal_name)
    org_actions.application_update(actor=applicant, application=application, people=people)
    return flows.application_submit(actor=applicant, application=application)


def test_submitted_application_is_screened_in_background_and_hit_decided(
    alice, sam, rita, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = submit_with_people(alice, [LISTED_OFFICER, CLEAN_OFFICER])
    assert callbacks, "screening is queued for after the commit"
    organisation = application.organisation

    subjects = ScreeningSubject.objects.filter(organisation=organisation)
    assert {s.source for s in subjects} == {"legal_name", "officer"}
    assert all(s.screened_at for s in subjects)
    results = results_for_organisation(organisation)
    assert [(r.list_id, r.entry_id) for r in results] == [("un-sc", "QDi.312")]
    hit = results[0]
    assert hit.subject.name == "Amir Ali Chaudhry"
    assert hit.decision is None
    assert hit.explanation["query_name"] == "Amir Ali Chaudhry"
    assert hit.explanation["matched_name"] == hit.matched_name
    assert {f["name"] for f in hit.explanation["features"]} >= {"birth date", "country"}
    assert 0.8 <= hit.score <= 1.0

    with pytest.raises(ActionError) as refused:
        actions.screening_decide(actor=rita, result=hit, verdict="false_positive", reason=" ")
    assert refused.value.message == actions.ERR_REASON_REQUIRED
    with pytest.raises(NotAllowed):
        actions.screening_decide(
            actor=alice, result=hit, verdict="false_positive", reason="Not him."
        )
    decision = actions.screening_decide(
        actor=rita, result=hit, verdict="true_match", reason="Same birth date and nationality."
    )
    assert results_for_organisation(organisation)[0].decision == "true_match"
    event = AuditEvent.objects.get(verb="screening.decided")
    assert event.object_id == str(decision.pk)
    assert "Chaudhry" not in str(event.before) + str(event.after)  # no personal data


def test_screening_again_keeps_the_decision(
    alice, sam, rita, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
        application = submit_with_people(alice, [LISTED_OFFICER])
    hit = results_for_organisation(application.organisation)[0]
    actions.screening_decide(
        actor=rita,
        result=hit,
        verdict="false_positive",
        reason="Different person: passport checked.",
    )
    actions.organisation_screen(actor=sam, organisation=application.organisation)
    again = results_for_organisation(application.organisation)
    assert [(r.entry_id, r.decision) for r in again] == [("QDi.312", "false_positive")]
    assert ScreeningDecision.objects.count() == 1


def test_application_submitted_before_any_list_is_screened_when_a_list_arrives(
    alice, sam, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_with_people(alice, [LISTED_OFFICER])
    assert results_for_organisation(application.organisation) == []
    with django_capture_on_commit_callbacks(execute=True):
        outcome = actions.list_version_load(actor=sam, path_or_upload=fallback_un)
    assert [r.entry_id for r in results_for_organisation(application.organisation)] == ["QDi.312"]
    alert = outcome.version.alert
    assert {i.subject.name for i in alert.items.all()} == {"Amir Ali Chaudhry"}


def test_draft_applications_are_not_screened(
    alice, sam, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    draft = complete_draft(alice)
    org_actions.application_update(actor=alice, application=draft, people=[LISTED_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
    assert not ScreeningSubject.objects.filter(organisation=draft.organisation).exists()


def test_worker_reuses_the_index_until_a_list_changes(
    sam, write_list, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    from alliance.screening.selectors import current_screener
    from tests.screening.conftest import person

    assert current_screener() is None
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
    first = current_screener()
    assert first is not None and current_screener() is first
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(
            actor=sam, path_or_upload=write_list("w.jsonl", [person("p-1", "Chen Wei Long")])
        )
    second = current_screener()
    assert second is not first and len(second) == len(first) + 1


def test_organisation_names_are_screened_as_organisations(
    bob, sam, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
        application = submit_with_people(bob, [CLEAN_OFFICER], legal_name="Abu Sayyaf Group")
    (hit,) = results_for_organisation(application.organisation)
    assert (hit.entry_id, hit.subject.source, hit.subject.kind) == (
        "QDe.001", "legal_name", "organisation")  # fmt: skip


def test_dashboard_lists_hits_awaiting_a_decision(
    alice, sam, rita, fallback_un: Path, login, django_capture_on_commit_callbacks
) -> None:
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
        application = submit_with_people(alice, [LISTED_OFFICER])
    page = login(rita).get(reverse("web:dashboard")).content.decode()
    assert "Screening hits awaiting a decision" in page and "Amani Aid</a>: 1" in page
    hit = results_for_organisation(application.organisation)[0]
    actions.screening_decide(actor=rita, result=hit, verdict="true_match", reason="Confirmed.")
    page = login(rita).get(reverse("web:dashboard")).content.decode()
    assert "Amani Aid</a>: 1" not in page
    alice_page = login(alice).get(reverse("web:dashboard")).content.decode()
    assert "Screening hits" not in alice_page


def test_a_confirmed_match_stays_on_the_case_after_its_person_is_removed(
    alice, sam, rita, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
        application = submit_with_people(alice, [LISTED_OFFICER, CLEAN_OFFICER])
    organisation = application.organisation
    hit = results_for_organisation(organisation)[0]
    actions.screening_decide(actor=rita, result=hit, verdict="true_match", reason="Same person.")
    # The applicant takes the listed officer off the form.
    with django_capture_on_commit_callbacks(execute=True):
        org_actions.organisation_people_update(
            actor=alice, organisation=organisation, people=[CLEAN_OFFICER], reason="He left."
        )
        actions.organisation_screen(actor=sam, organisation=organisation)
    kept = results_for_organisation(organisation)
    assert [(r.entry_id, r.decision, r.subject_removed) for r in kept] == [
        ("QDi.312", "true_match", True)
    ]


def test_an_undecided_hit_goes_with_its_removed_person(
    alice, sam, fallback_un: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=fallback_un)
        application = submit_with_people(alice, [LISTED_OFFICER, CLEAN_OFFICER])
    organisation = application.organisation
    with django_capture_on_commit_callbacks(execute=True):
        org_actions.organisation_people_update(
            actor=alice, organisation=organisation, people=[CLEAN_OFFICER], reason="Typo."
        )
        actions.organisation_screen(actor=sam, organisation=organisation)
    assert results_for_organisation(organisation) == []
