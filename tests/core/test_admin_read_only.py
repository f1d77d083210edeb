"""One write path: the Django admin reads domain data and refuses every write."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from alliance.accounts.models import RoleGrant
from alliance.core.models import AuditEvent
from alliance.organisations.models import Organisation
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(ada):  # type: ignore[no-untyped-def]
    ada.is_staff = ada.is_superuser = True
    ada.save(update_fields=["is_staff", "is_superuser"])
    return ada


def _domain_admins() -> list[tuple[type, admin.ModelAdmin]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("alliance.")
    ]


def test_every_domain_model_admin_refuses_add_change_delete_even_to_a_superuser(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    admins = _domain_admins()
    labels = {model._meta.label for model, _ in admins}
    assert {"organisations.Organisation", "accounts.User", "core.AuditEvent"} <= labels
    for model, model_admin in admins:
        assert model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline


def test_admin_posts_to_add_change_and_delete_get_403_and_change_nothing(
    client, login, superuser, alice
):
    application = submitted_application(alice)
    organisation = application.organisation
    login(superuser)
    audit_count = AuditEvent.objects.count()
    grants_before = set(RoleGrant.objects.values_list("pk", "role"))
    assert client.get(reverse("admin:organisations_organisation_changelist")).status_code == 200

    posts = [
        (reverse("admin:organisations_organisation_add"), {"legal_name": "Invented Ltd"}),
        (
            reverse("admin:organisations_organisation_change", args=[organisation.pk]),
            {"legal_name": "Renamed without audit", "type": "company"},
        ),
        (
            reverse("admin:organisations_organisation_delete", args=[organisation.pk]),
            {"post": "yes"},
        ),
        (
            reverse("admin:core_auditevent_add"),
            {"verb": "invented.event", "object_type": "x", "object_id": "1"},
        ),
        (
            reverse("admin:accounts_user_change", args=[alice.pk]),
            {
                "email": alice.email,
                "role_grants-TOTAL_FORMS": "1",
                "role_grants-INITIAL_FORMS": "0",
                "role_grants-0-role": "administrator",
            },
        ),
    ]
    event = AuditEvent.objects.first()
    assert event is not None  # the submission was audited
    posts += [
        (
            reverse("admin:core_auditevent_change", args=[event.pk]),
            {"verb": "rewritten.event", "object_type": "x", "object_id": "1"},
        ),
        (reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    # The change list offers no bulk actions (no "delete selected").
    response = client.post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [organisation.pk], "post": "yes"},
    )
    assert b"delete_selected" not in response.content

    organisation.refresh_from_db()
    assert organisation.legal_name == "Amani Aid"
    assert Organisation.objects.count() == 1
    assert not Organisation.objects.filter(legal_name="Invented Ltd").exists()
    assert AuditEvent.objects.count() == audit_count
    assert not AuditEvent.objects.filter(verb__in=["invented.event", "rewritten.event"]).exists()
    assert AuditEvent.objects.filter(pk=event.pk, verb=event.verb).exists()
    assert set(RoleGrant.objects.values_list("pk", "role")) == grants_before


def test_an_administrator_by_role_reads_the_admin_without_django_staff_flag(client, login, ada):
    assert not ada.is_staff
    login(ada)
    assert client.get(reverse("admin:index")).status_code == 200
    changelist = reverse("admin:organisations_organisation_changelist")
    assert client.get(changelist).status_code == 200


def test_other_signed_in_roles_get_a_403_not_a_redirect_loop(client, login, sam, alice):
    for user in (sam, alice):
        login(user)
        response = client.get(reverse("admin:index"), follow=True)
        assert response.status_code == 403, user
        assert len(response.redirect_chain) <= 2
        client.logout()
