"""Who sees what on an organisation (issue 14): the history and the panels follow the one
table in ``core.permissions``; an applicant sees its own actions, the questions put to it
and the decisions about it, and nothing internal."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from alliance.core.audit import audit_record
from alliance.core.labels import label
from alliance.core.permissions import (
    EVENT_KINDS,
    HISTORY_VIEW,
    PANEL_VIEW,
    EventKind,
    Panel,
    Seen,
    event_kind,
    viewer_roles,
)
from alliance.core.roles import Role
from alliance.core.selectors import ALLIANCE_LABEL, organisation_history
from tests.factories import make_user, sign_in, submitted_application

pytestmark = pytest.mark.django_db

NOTE = "Second review agrees with the preparer"
OVERRIDE = "Override: the sector flag is historic"
QUESTION = "Please send the 2025 audited accounts"
DECISION = "Admitted by the Board on the evidence"


@pytest.fixture
def history(alice, rita, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice, "Amani Aid")
    organisation = application.organisation
    with transaction.atomic():
        for verb, actor, reason in (
            ("diligence.signed_off", rita, NOTE),
            ("diligence.level_overridden", rita, OVERRIDE),
            ("diligence.risk_logged", sam, "Risk: weak controls"),
            ("screening.decided", sam, "False positive on OFAC"),
            ("diligence.information_requested", sam, QUESTION),
            ("application.approve", sam, DECISION),
            ("application.start_due_diligence", sam, "Internal: start early"),
        ):
            audit_record(
                actor=actor, verb=verb, target=application, organisation=organisation,
                reason=reason,
            )  # fmt: skip
    return organisation


def _page(client, user, organisation) -> str:  # type: ignore[no-untyped-def]
    sign_in(client, user)
    response = client.get(reverse("web:organisation_detail", args=[organisation.pk]))
    assert response.status_code == 200
    return response.content.decode()


INTERNAL_TEXT = (
    "Rita Reviewer",
    "Sam Secretariat",
    NOTE,
    OVERRIDE,
    "Risk: weak controls",
    "False positive on OFAC",
    "Internal: start early",
    *(
        escape(label(verb))  # pages name events in words (core.labels)
        for verb in (
            "diligence.signed_off",
            "diligence.level_overridden",
            "diligence.risk_logged",
            "screening.decided",
        )
    ),
)


def test_applicant_sees_own_actions_questions_and_decisions_only(client, alice, history):
    html = _page(client, alice, history)
    for text in INTERNAL_TEXT:
        assert text not in html, text
    # Its own actions, with its own name; the question and the decision with their text
    # but without the staff member's name; the status move without its internal reason.
    assert escape(label("application.submitted")) in html
    assert "Alice Achieng" in html
    assert QUESTION in html
    assert DECISION in html
    assert escape(label("application.start_due_diligence")) in html
    assert str(ALLIANCE_LABEL) in html


def test_staff_see_the_whole_history(client, sam, history):
    html = _page(client, sam, history)
    for text in INTERNAL_TEXT:
        assert text in html, text


def test_board_sees_diligence_but_not_screening(client, ben, history):
    html = _page(client, ben, history)
    assert NOTE in html and "Rita Reviewer" in html
    assert "False positive on OFAC" not in html


def test_another_applicant_sees_nothing(client, bob, history):
    client.force_login(bob)
    response = client.get(reverse("web:organisation_detail", args=[history.pk]))
    assert response.status_code == 403
    assert organisation_history(bob, history) == []


def test_contact_of_another_organisation_holds_no_role_here(alice, bob, history):
    other = submitted_application(bob, "Other Org").organisation
    assert viewer_roles(alice, history) == {Role.PARTNER_CONTACT}
    assert viewer_roles(alice, other) == frozenset()


def test_unknown_verbs_are_internal():
    assert event_kind("something.new") == EventKind.INTERNAL
    assert event_kind("diligence.anything") == EventKind.DILIGENCE
    assert event_kind("diligence.information_requested") == EventKind.QUESTION
    assert event_kind("diligence.note_added", by_own_contact=True) == EventKind.OWN_ACTION


def test_the_contact_row_of_the_table_shows_nothing_internal():
    contact = HISTORY_VIEW[Role.PARTNER_CONTACT]
    for kind in (EventKind.DILIGENCE, EventKind.SCREENING, EventKind.BOARD, EventKind.INTERNAL):
        assert contact.get(kind, Seen.HIDDEN) == Seen.HIDDEN
    for panel in (
        Panel.SCREENING, Panel.DILIGENCE_CASES, Panel.BOARD_MOTIONS, Panel.CREDENTIAL_HISTORY
    ):  # fmt: skip
        assert Role.PARTNER_CONTACT not in PANEL_VIEW[panel]
    assert set(PANEL_VIEW) == set(Panel)
    assert all(verb for verb in EVENT_KINDS)


def test_screening_api_follows_the_panel_table(client, alice, rita, history):
    client.force_login(alice)
    url = f"/api/screening/organisations/{history.pk}/hits"
    assert client.get(url).status_code == 403
    sign_in(client, rita)
    assert client.get(url).status_code == 200


def test_applicant_with_a_staff_role_elsewhere_sees_by_its_highest_role(client, history):
    both = make_user("both@example.org", Role.SECRETARIAT, full_name="Both Roles")
    html = _page(client, both, history)
    assert NOTE in html
