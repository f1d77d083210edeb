"""Selectors never write: they run with a connection that refuses every write."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from alliance.accounts import selectors as accounts_selectors
from alliance.organisations import selectors as org_selectors
from alliance.transparency import selectors as log_selectors
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class WriteRefused(AssertionError):
    pass


@contextlib.contextmanager
def read_only():
    """Any INSERT/UPDATE/DELETE (or DDL) sent on the connection fails the test."""

    def refuse(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if WRITE.match(sql):
            raise WriteRefused(f"a selector wrote: {sql[:120]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def test_the_guard_refuses_writes(alice):
    with read_only(), pytest.raises(WriteRefused):
        alice.save()


def test_log_head_is_read_without_creating_its_row_before_the_first_append(db):
    from alliance.transparency.models import LogHead

    LogHead.objects.all().delete()
    with read_only():
        head = log_selectors.head()
    assert (head.size, bytes(head.root_hash)) == (0, b"")
    assert not LogHead.objects.exists()


def test_people_organisation_and_log_selectors_only_read(alice, sam):
    application = submitted_application(alice)
    with read_only():
        assert accounts_selectors.user_roles(sam)
        assert application.organisation_id in accounts_selectors.organisation_ids(alice)
        assert list(org_selectors.applications_for_user(alice)) == [application]
        list(org_selectors.intake_queue())
        list(org_selectors.active_partnerships())
        assert org_selectors.current_principle_set().version >= 1
        assert log_selectors.head().size >= 0


def test_principles_tier_schedule_and_checkpoint_selectors_only_read_even_when_empty(
    alice, settings, tmp_path
):
    """The three selectors that once wrote on GET: with their tables empty (a database
    flushed after migrating), they still only read; the actions store the rows."""
    from alliance.funding import selectors as funding_selectors
    from alliance.funding.actions import tier_schedule_seed
    from alliance.funding.models import TierScheduleVersion
    from alliance.organisations.actions import principle_set_store
    from alliance.organisations.models import PrincipleSet
    from alliance.transparency.models import Checkpoint
    from alliance.transparency.services import current_checkpoint

    settings.VAR_DIR = tmp_path
    TierScheduleVersion.objects.all().delete()
    PrincipleSet.objects.all().delete()
    today = date(2026, 3, 2)
    with read_only():
        principles = org_selectors.current_principle_set()
        version = funding_selectors.schedule_version_in_force(today)
        checkpoint = log_selectors.latest_checkpoint()
    assert principles.pk is None and principles.version == 1 and principles.principles
    assert version.pk is None and version.number == 1
    assert checkpoint == Checkpoint.objects.order_by("-id").first()  # None before any
    assert not (PrincipleSet.objects.exists() or TierScheduleVersion.objects.exists())
    # The writes live in actions and services.
    assert principle_set_store().pk is not None
    tier_schedule_seed()
    assert funding_selectors.schedule_version_in_force(today).pk is not None
    assert current_checkpoint().size >= 0
    with read_only():
        assert org_selectors.current_principle_set().pk is not None
        assert log_selectors.latest_checkpoint() is not None


def test_the_public_funding_page_reads_the_schedule_without_writing(client, alice):
    from alliance.funding.models import TierScheduleVersion

    submitted_application(alice)
    TierScheduleVersion.objects.all().delete()
    with read_only():
        assert client.get("/funding/").status_code == 200


# --- Every selector of every app --------------------------------------------------------

SELECTOR_APPS = (
    "accounts",
    "core",
    "credentials",
    "diligence",
    "funding",
    "governance",
    "groups",
    "organisations",
    "privacy",
    "screening",
    "transparency",
)


def _selectors() -> list[tuple[str, Any]]:
    """Every public function defined in an app's ``selectors`` module (re-exports are
    checked where they are defined)."""
    found = []
    for app in SELECTOR_APPS:
        module = importlib.import_module(f"alliance.{app}.selectors")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                found.append((f"{app}.{name}", function))
    return found


def _world(alice: Any, sam: Any, tmp_path: Any, settings: Any) -> dict[str, Any]:
    """One of everything a selector takes: a partner admitted by motion (its case, Board
    pack, motion, credential), a pledge with a receipt, a due-process notice, a group's
    recommendation sent to the Board, log entries and a checkpoint."""
    from alliance.credentials.selectors import current_credential_of_organisation
    from alliance.diligence.selectors import (
        board_pack_for_application,
        compute_assessment,
        current_admission_case,
        screening_results,
    )
    from alliance.funding import actions as funding
    from alliance.funding import selectors as funding_selectors
    from alliance.governance import actions as board
    from alliance.governance.models import Motion
    from alliance.governance.selectors import rules_in_force
    from alliance.groups import actions as groups
    from alliance.groups.models import GroupKind
    from alliance.transparency.models import LogEntry
    from alliance.transparency.services import current_checkpoint
    from tests.factories import admitted_partnership

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    today = date(2026, 3, 2)
    partnership = admitted_partnership(alice, sam)
    organisation = partnership.organisation
    application = partnership.application
    case = current_admission_case(application)
    assert case is not None and board_pack_for_application(application) is not None
    pledge = funding.pledge_record(
        actor=sam,
        organisation=organisation,
        total=Decimal("3000.00"),
        currency="USD",
        rate_to_base=Decimal(1),
        start=today,
        years=3,
    )
    funding.receipt_record(
        actor=sam, pledge=pledge, reference="R-1", amount=Decimal("10.00"), received_on=today
    )
    version = rules_in_force()
    assert version is not None
    chair = version.seats.get(is_chair=True).member
    notice = board.notice_send(
        actor=chair, partnership=partnership, kind="suspension", reasons="Late.", today=today
    )
    group = groups.group_create(
        actor=sam, name="Privacy WG", kind=GroupKind.WORKING_GROUP, charter="Advise.", today=today
    )
    groups.chair_appoint(actor=sam, group=group, user=alice, organisation=organisation, today=today)
    recommendation = groups.recommendation_draft(
        actor=alice, group=group, title="Minimise data", text="Collect less.", today=today
    )
    from alliance.diligence.actions import info_request_send
    from tests.factories import make_user

    # A question to another applicant, whose case is still open.
    other = submitted_application(make_user("bea@example.org"), "Bea Relief")
    other_case = current_admission_case(other)
    assert other_case is not None
    question = info_request_send(actor=sam, case=other_case, question="Who are your owners?")
    entry = LogEntry.objects.order_by("-index").first()
    checkpoint = current_checkpoint()
    report = funding_selectors.funding_report(today)
    schedule = funding_selectors.schedule_version_in_force(today)
    return {
        "user": alice,
        "viewer": sam,
        "person": alice,
        "organisation": organisation,
        "application": application,
        "partnership": partnership,
        "case": case,
        "motion": Motion.objects.get(application=application),
        "notice": notice,
        "version": schedule,  # funding's; governance's ``version`` is checked below
        # The tier names' translations (funding): a schedule document, a stored name.
        "schedule": schedule.schedule,
        "old": schedule,
        "new": schedule.schedule,
        "name": "Partner",
        "benefit": schedule.schedule["tiers"][0]["benefits"][0],
        "credential": current_credential_of_organisation(organisation),
        "pledge": pledge,
        "report": report,
        "group": group,
        "groups": [group],
        "organisation_ids": [organisation.pk],
        "request": question,
        "recommendation": recommendation,
        "entry": entry,
        "entries": [entry],
        "checkpoint": checkpoint,
        "keys": [],
        "kind": "partner.admitted",
        "key": "organisation",  # a log fact's key (transparency.fact_label)
        "subjects": [f"organisation:{organisation.public_id}"],
        "subject_ids": [organisation.pk],
        "index": entry.index if entry else 0,
        "start": 0,
        "end": 1,
        "value": {"a": 1},
        "today": today,
        "on": today,
        "as_of": today,
        "signed_on": today,
        "months": 12,
        "results": screening_results(organisation),
        "assessment": compute_assessment(case),
        "policy": case.policy_version,
        "_governance_version": version,
    }


# Selectors whose parameters name something the world above has under another name.
ARGUMENTS: dict[str, dict[str, str]] = {
    "governance.seat_of": {"version": "_governance_version"},
    "governance.seats_of": {"version": "_governance_version"},
    "funding.recommend": {},
}


def test_every_selector_of_every_app_only_reads(alice, sam, tmp_path, settings):
    """Each app's selectors, called on a full world, send no write to the database; a
    new selector whose parameters the test cannot supply fails it (so it gets covered)."""
    from alliance.diligence.policies import engine_policy
    from alliance.screening.models import ScreeningAlert

    world = _world(alice, sam, tmp_path, settings)
    alert = ScreeningAlert.objects.first()
    uncovered, called = [], set()
    for name, function in _selectors():
        kwargs: dict[str, Any] = {}
        for parameter in inspect.signature(function).parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            key = ARGUMENTS.get(name, {}).get(parameter.name, parameter.name)
            if key == "policy" and name.startswith("diligence."):
                kwargs[parameter.name] = engine_policy(world["policy"])
            elif key == "alert":
                if alert is None:
                    break
                kwargs[parameter.name] = alert
            elif key in world:
                kwargs[parameter.name] = world[key]
            elif parameter.default is inspect.Parameter.empty:
                uncovered.append(f"{name}({parameter.name})")
                break
        else:
            with read_only():
                result = function(**kwargs)
                if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict)):
                    list(result)  # a lazy queryset runs its query here
            called.add(name.split(".")[0])
    assert not uncovered, uncovered
    # Every app with selectors had them run (accounts' re-export core's and the roles').
    assert set(SELECTOR_APPS) - {"accounts"} <= called, sorted(set(SELECTOR_APPS) - called)
