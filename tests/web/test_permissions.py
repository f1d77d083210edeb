"""The permission matrix: each role against each object kind, through the one module
and through the pages and API that rely on it."""

from __future__ import annotations

import pytest

from alliance.accounts.roles import Role
from alliance.core.permissions import GLOBAL_RULES, Perm, can
from tests.factories import (
    admitted_partnership,
    enrol_totp,
    make_user,
    submitted_application,
)

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = {
    Role.SECRETARIAT: "sam",
    Role.REVIEWER: "rita",
    Role.BOARD_CHAIR: "carla",
    Role.BOARD_MEMBER: "ben",
    Role.GROUP_MEMBER: "gus",
    Role.ADMINISTRATOR: "ada",
}


@pytest.mark.parametrize("perm", sorted(GLOBAL_RULES, key=str))
@pytest.mark.parametrize("role", sorted(ROLE_FIXTURES, key=str))
def test_global_permissions_follow_the_rule_table(request, role, perm):
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    assert can(user, perm) == (role in GLOBAL_RULES[perm])


def test_anonymous_sees_only_public(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert can(anonymous, Perm.VIEW_PUBLIC)
    for perm in Perm:
        if perm != Perm.VIEW_PUBLIC:
            assert not can(anonymous, perm), perm


def test_partner_contact_scoped_to_own_organisation(alice, bob, sam):
    own = submitted_application(alice, "Amani Aid")
    other = submitted_application(bob, "Other Org")
    for obj in (own, own.organisation):
        assert can(alice, Perm.VIEW_OWN_ORGANISATION, obj)
        assert can(alice, Perm.EDIT_OWN_APPLICATION, obj)
    for obj in (other, other.organisation):
        assert not can(alice, Perm.VIEW_OWN_ORGANISATION, obj)
        assert not can(alice, Perm.EDIT_OWN_APPLICATION, obj)
        assert not can(alice, Perm.WITHDRAW_OWN, obj)
    # Staff and Board see any organisation but do not edit an applicant's draft.
    assert can(sam, Perm.VIEW_OWN_ORGANISATION, other)
    assert not can(sam, Perm.EDIT_OWN_APPLICATION, other)
    assert not can(alice, Perm.MANAGE_INTAKE)
    assert not can(alice, Perm.VIEW_PERSONAL_DATA)


def test_partnership_objects_are_scoped_too(alice, bob, sam):
    partnership = admitted_partnership(alice, sam)
    assert can(alice, Perm.WITHDRAW_OWN, partnership)
    assert not can(bob, Perm.WITHDRAW_OWN, partnership)


def test_inactive_user_has_no_powers(sam):
    sam.is_active = False
    sam.save()
    assert not can(sam, Perm.MANAGE_INTAKE)


# --- Through the pages ----------------------------------------------------------------


def test_partner_cannot_read_another_partners_organisation_page(client, alice, bob):
    other = submitted_application(bob, "Other Org")
    client.force_login(alice)
    assert client.get(f"/organisations/{other.organisation_id}/").status_code == 403
    assert client.get(f"/applications/{other.pk}/").status_code == 403
    assert client.get(f"/apply/{other.pk}/organisation/").status_code == 403
    assert client.get(f"/api/organisations/{other.organisation_id}").status_code == 403


def test_partner_reads_own_organisation_and_its_own_officers(client, alice, bob):
    own = submitted_application(alice)
    client.force_login(alice)
    response = client.get(f"/organisations/{own.organisation_id}/")
    assert response.status_code == 200
    assert response.context["people"] is not None  # its own people, nobody else's
    client.force_login(bob)
    assert client.get(f"/organisations/{own.organisation_id}/").status_code == 403
    client.force_login(alice)
    assert client.get(f"/api/organisations/{own.organisation_id}").json()["legal_name"] == (
        "Amani Aid"
    )


def test_staff_pages_need_staff_roles(client, alice, sam, ben, gus):
    application = submitted_application(alice)
    for user, expected in [
        (gus, 403),
        (alice, 403),
        (enrol_totp(ben), 403),
        (enrol_totp(sam), 200),
    ]:
        client.force_login(user)
        assert client.get("/secretariat/intake/").status_code == expected, user
    # No button moves an application: the old route is gone, its status follows the case.
    client.force_login(sam)
    assert (
        client.post(f"/applications/{application.pk}/move/start_due_diligence/").status_code == 404
    )
    application.refresh_from_db()
    assert application.status == "in_due_diligence"


def test_privileged_roles_are_sent_to_enrol_totp(client, sam):
    client.force_login(sam)
    response = client.get("/secretariat/intake/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    # An authenticator added outside this session does not count for it.
    enrol_totp(sam)
    response = client.get("/secretariat/intake/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    client.force_login(sam)  # a complete sign-in, with the factor
    assert client.get("/secretariat/intake/").status_code == 200


def test_board_member_sees_organisations_and_personal_data_is_staff_only(client, alice, ben, rita):
    own = submitted_application(alice)
    client.force_login(enrol_totp(ben))
    response = client.get(f"/organisations/{own.organisation_id}/")
    assert response.status_code == 200
    assert response.context["people"] is None
    client.force_login(enrol_totp(rita))
    response = client.get(f"/organisations/{own.organisation_id}/")
    assert response.context["people"] is not None


def test_anonymous_is_sent_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/api/applications").status_code == 401


def test_make_user_roles_are_honoured(db):
    scoped = make_user("x@example.org")
    assert not can(scoped, Perm.MANAGE_INTAKE)
