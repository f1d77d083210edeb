"""Selectors never write: they run with a connection that refuses every write."""

from __future__ import annotations

import contextlib
import re
from datetime import date

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
