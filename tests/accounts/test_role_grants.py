"""Role grants change through audited actions, on the administrators' Roles page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.accounts import actions
from alliance.accounts.models import RoleGrant
from alliance.accounts.selectors import has_role
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.core.roles import Role
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db


def test_grant_and_revoke_write_one_audit_event_each(ada, bob):
    grant = actions.role_grant(actor=ada, user=bob, role=Role.REVIEWER, reason="New reviewer")
    assert has_role(bob, Role.REVIEWER)
    granted = AuditEvent.objects.get(verb="role.granted")
    assert granted.actor == ada
    assert granted.after == {"user": bob.email, "role": "reviewer", "organisation_id": None}
    assert granted.reason == "New reviewer"

    actions.role_revoke(actor=ada, grant=grant, reason="Left the secretariat")
    assert not RoleGrant.objects.filter(user=bob, role=Role.REVIEWER).exists()
    assert not has_role(bob, Role.REVIEWER)
    revoked = AuditEvent.objects.get(verb="role.revoked")
    assert (revoked.actor, revoked.before["role"], revoked.reason) == (
        ada,
        "reviewer",
        "Left the secretariat",
    )


def test_partner_contact_grant_names_its_organisation(ada, alice, bob):
    organisation = submitted_application(alice).organisation
    with pytest.raises(ActionError) as missing:
        actions.role_grant(actor=ada, user=bob, role=Role.PARTNER_CONTACT)
    assert missing.value.message == str(actions.ERR_ORGANISATION_REQUIRED)
    with pytest.raises(ActionError) as extra:
        actions.role_grant(actor=ada, user=bob, role=Role.REVIEWER, organisation=organisation)
    assert extra.value.message == str(actions.ERR_ORGANISATION_NOT_ALLOWED)
    actions.role_grant(actor=ada, user=bob, role=Role.PARTNER_CONTACT, organisation=organisation)
    event = AuditEvent.objects.get(verb="role.granted")
    assert event.organisation == organisation


@pytest.mark.parametrize("actor_name", ["sam", "carla", "alice"])
def test_only_administrators_grant_or_revoke(request, actor_name, ada, bob):
    actor = request.getfixturevalue(actor_name)
    grant = RoleGrant.objects.get(user=ada, role=Role.ADMINISTRATOR)
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed) as refused:
        actions.role_grant(actor=actor, user=bob, role=Role.ADMINISTRATOR)
    assert refused.value.message == str(actions.ERR_NOT_ADMINISTRATOR)
    with pytest.raises(NotAllowed):
        actions.role_revoke(actor=actor, grant=grant, reason="coup")
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not has_role(bob, Role.ADMINISTRATOR)
    assert AuditEvent.objects.count() == before


def test_refusals_change_nothing(ada, sam):
    grant = RoleGrant.objects.get(user=ada, role=Role.ADMINISTRATOR)
    before = (RoleGrant.objects.count(), AuditEvent.objects.count())
    cases = [
        (lambda: actions.role_grant(actor=ada, user=sam, role=Role.SECRETARIAT), "ALREADY_HELD"),
        (lambda: actions.role_grant(actor=ada, user=sam, role="emperor"), "UNKNOWN_ROLE"),
        (lambda: actions.role_revoke(actor=ada, grant=grant, reason="  "), "REASON_REQUIRED"),
        (lambda: actions.role_revoke(actor=ada, grant=grant, reason="oops"), "OWN_ADMINISTRATOR"),
    ]
    for call, error in cases:
        with pytest.raises(ActionError) as refused:
            call()
        assert refused.value.message == str(getattr(actions, f"ERR_{error}"))
    assert (RoleGrant.objects.count(), AuditEvent.objects.count()) == before


def test_roles_page_grants_and_revokes_for_administrators_only(client, login, ada, sam, bob):
    url = reverse("web:roles")
    login(sam)
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": bob.email, "role": "administrator"}).status_code == 403
    assert not has_role(bob, Role.ADMINISTRATOR)

    login(ada)
    page = client.get(url)
    assert page.status_code == 200
    assert sam.email in page.content.decode()

    refused = client.post(url, {"email": "nobody@nowhere.example", "role": "reviewer"})
    assert refused.status_code == 400
    assert "No account has this e-mail address." in refused.content.decode()

    response = client.post(url, {"email": bob.email, "role": "reviewer", "reason": "Joins"})
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=bob, role=Role.REVIEWER)
    assert AuditEvent.objects.filter(verb="role.granted", actor=ada).count() == 1

    revoke = reverse("web:role_revoke", args=[grant.pk])
    client.post(revoke, {"reason": ""})
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    client.post(revoke, {"reason": "Leaves"})
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.get(verb="role.revoked").reason == "Leaves"
