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


def test_readyz_is_unready_and_says_starting_before_any_worker_has_beaten(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "starting"


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


def test_a_worker_busy_with_a_long_task_keeps_beating_and_stays_ready(client):
    """The heartbeat is its own thread: a task that outlasts several beats does not make
    the worker look gone (the db_worker loop itself is replaced by that long task)."""
    from django.core.cache import cache

    from alliance.web.management.commands import alliance_worker

    seen_during_task: list[float] = []

    def long_task(*args, **options):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:  # busy, as a screening run is
            beat = cache.get(HEARTBEAT_KEY)
            if beat is not None and beat["at"] not in seen_during_task:
                seen_during_task.append(beat["at"])
            time.sleep(0.02)
        seen_during_task.append(-1.0)  # mark: readiness is read while still busy
        assert client.get("/readyz").status_code == 200

    with (
        mock.patch.object(alliance_worker, "HEARTBEAT_EVERY", 0.1),
        mock.patch.object(alliance_worker.DBWorkerCommand, "handle", long_task),
    ):
        alliance_worker.Command().handle(worker_id="busy")
    beats = [at for at in seen_during_task if at > 0]
    assert len(beats) >= 3, f"the heartbeat stalled while the worker was busy: {seen_during_task}"
    assert seen_during_task[-1] == -1.0


def _redis_db() -> int | None:
    """An empty Redis database of our own on 127.0.0.1:6379 (others may use 0), or None."""
    import os

    import redis

    try:
        for number in range(14, 0, -1):
            client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{number}")
            if client.dbsize() == 0 and client.set("alliance-test:owner", os.getpid(), nx=True):
                return number
    except redis.exceptions.ConnectionError:
        return None
    return None


@pytest.fixture
def rq_settings(settings):  # type: ignore[no-untyped-def]
    """The RQ backend on a real, empty Redis database; emptied afterwards."""
    import redis

    number = _redis_db()
    if number is None:
        pytest.skip("no Redis (or no empty database) on 127.0.0.1:6379")
    url = f"redis://127.0.0.1:6379/{number}"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": url, "QUEUE_CLASS": "alliance.core.rq.RetryingQueue"}}
    yield redis.Redis.from_url(url)
    redis.Redis.from_url(url).flushdb()


def test_readyz_with_rq_follows_real_workers_arriving_and_dying(client, rq_settings):
    import django_rq

    from alliance.core.rq import Worker

    rq_settings.delete("alliance-test:owner")
    response = client.get("/readyz")
    assert response.status_code == 503, "no RQ worker has registered yet"
    checks = response.json()["checks"]
    assert checks["rq_workers"] == 0 and checks["worker"] == "gone"
    worker = Worker([django_rq.get_queue("default")], connection=rq_settings, name="w-live")
    worker.register_birth()
    from rq import Queue

    Queue("default", connection=rq_settings).enqueue("os.getpid")  # now, not at commit
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["rq_workers"] == 1 and body["checks"]["queue_depth"] == 1
    worker.register_death()  # a warm shutdown; a killed worker's key expires instead
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["worker"] == "gone"


def test_readyz_with_rq_is_unready_when_the_database_is_gone(client, rq_settings):
    with mock.patch("alliance.web.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable: OperationalError"


def test_readyz_with_rq_is_unready_when_redis_is_gone(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    # A port where nothing listens: the queue cannot be reached.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("unreachable: ")
    assert response.json()["checks"]["database"] == "ok"
