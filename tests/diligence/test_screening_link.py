"""Screening results feed the case: undecided hits raise the level, a true match confirms
the sanctions criterion, a false positive clears it."""

from __future__ import annotations

from datetime import date

import pytest

from alliance.datadir import FALLBACK_DATA_DIR
from alliance.diligence import actions
from alliance.diligence.selectors import latest_case
from alliance.governance import flows
from alliance.organisations import actions as org_actions
from tests.factories import complete_draft

pytestmark = pytest.mark.django_db
screening = pytest.importorskip("alliance.screening.actions")

LISTED_OFFICER = {
    "name": "Amir Ali Chaudhry",
    "role": "officer",
    "position": "Treasurer",
    "nationality": "PK",
    "birth_date": date(1986, 8, 3),
}


def test_screening_hits_move_the_risk(alice, sam, rita, django_capture_on_commit_callbacks):
    from alliance.screening.engine import clear_cache
    from alliance.screening.selectors import results_for_organisation

    clear_cache()
    with django_capture_on_commit_callbacks(execute=True):
        screening.list_version_load(
            actor=sam,
            path_or_upload=FALLBACK_DATA_DIR / "lists" / "un" / "un_consolidated_fallback.xml",
        )
    application = complete_draft(alice)
    org_actions.application_update(actor=alice, application=application, people=[LISTED_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        flows.application_submit(actor=alice, application=application)
    case = latest_case(application)
    actions.case_note_add(actor=sam, case=case, step="screening", text="Reviewed hits.")
    case.refresh_from_db()
    assert case.assessment["undecided_screening_hits"] == 1
    assert case.assessment["points"] == 2 and case.level == "moderate"

    hit = results_for_organisation(application.organisation)[0]
    screening.screening_decide(
        actor=rita, result=hit, verdict="true_match", reason="Same birth date and nationality."
    )
    actions.case_note_add(actor=sam, case=case, step="screening", text="Decided.")
    case.refresh_from_db()
    assert case.assessment["eligible"] is False
    assert case.assessment["failed_criteria"] == ["un_sanctions"]

    screening.screening_decide(
        actor=rita,
        result=hit,
        verdict="false_positive",
        reason="Different person: birth year differs by 20 years.",
    )
    actions.case_note_add(actor=sam, case=case, step="screening", text="Re-decided.")
    case.refresh_from_db()
    assert case.assessment["eligible"] is True and case.level == "low"
