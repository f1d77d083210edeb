"""Schemathesis drives every operation of the OpenAPI schema with generated input:
no server errors, and every response matches the documented status codes and shapes.

(Driven through Hypothesis directly: schemathesis' pytest plugin does not yet run on
this pytest version.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Called as a WSGI app, Django closes "old" DB connections at each request's
    start and end; inside a test transaction that would close the test's own
    connection. Django's test client disconnects the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_api_operation_conforms_to_its_schema():
    staff = make_user("schema-staff@example.org", "secretariat")
    admitted_partnership(make_user("schema-partner@example.org"), staff, "Schema Partner")
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case):  # type: ignore[no-untyped-def]
            case.call_and_validate()

        conforms()
