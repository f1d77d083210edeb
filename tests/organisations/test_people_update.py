"""Officers and owners can be corrected after submission, and are screened again."""

from __future__ import annotations

import json

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.governance import flows
from alliance.organisations import actions
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db

PEOPLE = [
    {"name": "Grace Achieng", "role": "officer", "position": "Director", "nationality": "KE"},
    {"name": "Omar Haddad", "role": "owner", "position": "", "nationality": "JO"},
]


def test_contact_replaces_people_with_a_reason_and_screening_is_told(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    organisation = submitted_application(alice).organisation
    told = []
    from types import SimpleNamespace

    from alliance.screening import tasks

    monkeypatch.setattr(tasks, "screen_organisation", SimpleNamespace(enqueue=told.append))
    with django_capture_on_commit_callbacks(execute=True):
        created = flows.organisation_people_update(
            actor=alice, organisation=organisation, people=PEOPLE, reason="New board elected"
        )
    assert [p.name for p in created] == ["Grace Achieng", "Omar Haddad"]
    assert told == [organisation.pk]
    event = AuditEvent.objects.get(verb="organisation.people_updated")
    assert event.after == {"people_count": 2}
    assert "Grace" not in json.dumps(event.before) + json.dumps(event.after)


def test_other_partner_cannot_and_a_reason_is_required(alice, bob, sam):
    organisation = submitted_application(alice).organisation
    with pytest.raises(NotAllowed):
        actions.organisation_people_update(
            actor=bob, organisation=organisation, people=PEOPLE, reason="x"
        )
    with pytest.raises(ActionError) as refused:
        actions.organisation_people_update(
            actor=sam, organisation=organisation, people=PEOPLE, reason=" "
        )
    assert refused.value.message == actions.ERR_REASON_REQUIRED
    assert organisation.people.count() == 0


def test_people_page_for_contacts_and_secretariat_only(client, alice, bob):
    organisation = submitted_application(alice).organisation
    client.force_login(bob)
    assert client.get(f"/organisations/{organisation.pk}/people/").status_code == 403
    client.force_login(alice)
    data = {
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
        "people-0-name": "Grace Achieng",
        "people-0-role": "officer",
        "people-0-nationality": "ke",
        "reason": "Annual update",
    }
    response = client.post(f"/organisations/{organisation.pk}/people/", data)
    assert response.status_code == 302
    assert list(organisation.people.values_list("name", "nationality")) == [("Grace Achieng", "KE")]
