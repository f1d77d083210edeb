"""The lifecycle's explicit flows: the outcome of an admission does not depend on the
order of the apps in INSTALLED_APPS (no receiver carries a business rule), and a tier
change re-issues the credential."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.test import override_settings

from alliance.core.models import AuditEvent
from alliance.credentials.models import IssuedCredential
from alliance.funding.models import TierAssignment
from alliance.governance import actions
from alliance.governance.models import MotionKind
from alliance.organisations.models import OrganisationPerson, Partnership
from alliance.transparency.models import LogEntry
from tests.factories import ready_application
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db

DOMAIN_APPS = [
    "alliance.organisations",
    "alliance.governance",
    "alliance.diligence",
    "alliance.screening",
    "alliance.funding",
    "alliance.groups",
    "alliance.transparency",
    "alliance.credentials",
]


def _reversed_apps(installed: list[str]) -> list[str]:
    apps = list(installed)
    slots = [i for i, name in enumerate(apps) if name in DOMAIN_APPS]
    for i, name in zip(slots, reversed([apps[i] for i in slots]), strict=True):
        apps[i] = name
    return apps


def _admit_by_motion(applicant, sam, carla, voters, name) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    application = ready_application(applicant, sam, name)
    audit_from = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    log_from = LogEntry.objects.order_by("-index").values_list("index", flat=True).first()
    motion = actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="",
        text="",
        today=TODAY,
        application=application,
        deadline=TODAY + timedelta(days=14),
    )
    for voter in voters:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
    assert actions.motion_close(actor=carla, motion=motion, today=TODAY).outcome == "passed"
    partnership = Partnership.objects.get(application=application)
    credentials = IssuedCredential.objects.filter(partnership=partnership)
    assignment = TierAssignment.objects.get(partnership=partnership)
    entries = LogEntry.objects.filter(index__gt=-1 if log_from is None else log_from)
    return {
        # What the admission wrote, in order: the audit trail's verbs and the log's kinds.
        "audit": list(
            AuditEvent.objects.filter(pk__gt=audit_from)
            .order_by("pk")
            .values_list("verb", flat=True)
        ),
        "log": list(entries.order_by("index").values_list("kind", flat=True)),
        "status": partnership.status,
        "tier": partnership.tier,
        "credentials": [(c.tier, c.revoked_at is None) for c in credentials],
        "assignment": (assignment.kind, assignment.tier_name, assignment.annual_amount),
    }


def test_admission_is_identical_with_the_domain_apps_in_reverse_order(  # type: ignore[no-untyped-def]
    board, carla, ben, members, alice, bob, sam, tmp_path, settings
):
    settings.VAR_DIR = tmp_path  # the issuer's key goes to a per-test folder
    voters = [carla, ben, *members]
    normal = _admit_by_motion(alice, sam, carla, voters, "Amani Aid")
    normal_apps = list(settings.INSTALLED_APPS)
    reversed_apps = _reversed_apps(normal_apps)
    assert reversed_apps != list(settings.INSTALLED_APPS)
    with override_settings(INSTALLED_APPS=reversed_apps):
        # The app registry really is in the reversed order while the admission runs.
        order = [c.name for c in django_apps.get_app_configs() if c.name in DOMAIN_APPS]
        assert order == _domain_order(reversed_apps) != _domain_order(normal_apps)
        other = _admit_by_motion(bob, sam, carla, voters, "Other Aid")
    assert normal == other
    assert normal["status"] == "active" and normal["tier"]
    assert normal["credentials"] == [(normal["tier"], True)]  # one credential, right tier
    assert "partner.admitted" in normal["log"] and "partnership.created" in normal["audit"]


def _domain_order(installed: list[str]) -> list[str]:
    return [name for name in installed if name in DOMAIN_APPS]


def test_no_post_save_receiver_on_partnerships_or_people() -> None:
    for model in (Partnership, OrganisationPerson):
        assert not post_save.has_listeners(model), model


def test_no_model_signal_receiver_on_any_domain_model() -> None:
    """No receiver on any model of the domain apps can carry a business rule, so the
    order of INSTALLED_APPS cannot change an outcome."""
    signals = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
    for app in DOMAIN_APPS:
        config = next(c for c in django_apps.get_app_configs() if c.name == app)
        for model in config.get_models():
            for signal in signals:
                assert not signal.has_listeners(model), (model, signal)
