"""Selectors never write: they run with a connection that refuses every write."""

from __future__ import annotations

import contextlib
import re

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
