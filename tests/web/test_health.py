"""/healthz and /readyz: alive, and ready only with a database and a live worker."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.db.utils import OperationalError

from alliance.web.health import HEARTBEAT_KEY, HEARTBEAT_STALE, worker_beat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_heartbeat():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_with_database_migrations_and_a_live_worker(client):
    worker_beat("w1")
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["migrations"] == "ok"
    assert checks["worker"] == "ok"
    assert checks["queue_depth"] == 0


def test_readyz_turns_unready_when_no_worker_has_beaten(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "gone"


def test_readyz_turns_unready_when_the_worker_stops_beating(client):
    worker_beat("w1")
    later = time.time() + HEARTBEAT_STALE + 1
    with mock.patch("alliance.web.health.time.time", return_value=later):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "gone"


def test_readyz_turns_unready_when_the_database_is_gone(client):
    worker_beat("w1")
    with mock.patch("alliance.web.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable: OperationalError"
