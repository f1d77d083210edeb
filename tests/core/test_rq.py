"""RQ workers lose no task when one dies: jobs carry retries, and a dead worker's job is
found abandoned within about a minute and queued again (alliance.core.rq)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from alliance.core import rq as alliance_rq


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def connection() -> Iterator[object]:
    """An empty Redis database of our own (others may use 0), emptied afterwards."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"redis://127.0.0.1:6379/{number}")
        if client.dbsize() == 0 and client.set("alliance-test:owner", os.getpid(), nx=True):
            yield client
            client.flushdb()
            return
    pytest.skip("no empty Redis database")


def _queue(connection: object) -> alliance_rq.RetryingQueue:
    # RQ's plain job class: these jobs are functions, not django-tasks tasks.
    return alliance_rq.RetryingQueue("default", connection=connection)


def test_settings_give_the_rq_backend_retrying_queues_and_the_alliance_worker(settings):
    import django_rq
    from django_rq.workers import get_worker_class
    from django_tasks_rq.backend import Job

    assert isinstance(django_rq.get_queue("default"), alliance_rq.RetryingQueue)
    assert get_worker_class() is alliance_rq.Worker
    # django-tasks' RQ backend runs tasks only through its own job class.
    from django_rq.jobs import get_job_class

    assert get_job_class() is Job


def test_every_job_is_created_with_retries(connection):
    job = _queue(connection).enqueue("os.getpid")
    assert job.retries_left == alliance_rq.RETRIES
    explicit = _queue(connection).enqueue("os.getpid", retry=alliance_rq.Retry(max=5))
    assert explicit.retries_left == 5


def test_the_worker_uses_short_heartbeats_even_when_rqworker_passes_its_default_ttl(connection):
    from rq.defaults import DEFAULT_WORKER_TTL

    worker = alliance_rq.Worker([_queue(connection)], connection=connection,
                                worker_ttl=DEFAULT_WORKER_TTL)  # fmt: skip
    assert worker.worker_ttl == alliance_rq.WORKER_TTL_S
    assert worker.job_monitoring_interval == alliance_rq.JOB_MONITORING_S
    assert worker.maintenance_interval == alliance_rq.MAINTENANCE_S
    job = _queue(connection).enqueue("os.getpid")
    assert (
        worker.get_heartbeat_ttl(job)
        == alliance_rq.JOB_MONITORING_S + alliance_rq.ABANDONED_AFTER_S
    )
    explicit = alliance_rq.Worker([_queue(connection)], connection=connection, worker_ttl=100)
    assert explicit.worker_ttl == 100


def _start_and_die(connection: Any, queue: alliance_rq.RetryingQueue) -> tuple[Any, float]:
    """What a worker writes when it starts a job, then nothing more: it was SIGKILLed."""
    from rq.job import JobStatus

    job = queue.enqueue("os.getpid")
    dead = alliance_rq.Worker([queue], connection=connection, name="dead")
    dead.register_birth()
    taken = queue.dequeue_any(
        [queue], timeout=None, connection=connection, job_class=queue.job_class
    )
    assert taken is not None and taken[0].id == job.id
    dead.prepare_execution(job)
    dead.prepare_job_execution(job)
    assert job.get_status() == JobStatus.STARTED
    return job, time.time()


def test_a_dead_workers_job_is_queued_again_once_its_heartbeat_lapses(connection):
    from rq.job import JobStatus

    queue = _queue(connection)
    job, died_at = _start_and_die(connection, queue)
    registry = queue.started_job_registry
    # Still within its heartbeat: a live worker may be running it; nothing happens.
    registry.cleanup(timestamp=died_at + alliance_rq.JOB_MONITORING_S)
    assert job.get_status() == JobStatus.STARTED
    # Past the heartbeat and the grace (stock RQ: 60 s more, then FAILED for good).
    lapsed = died_at + alliance_rq.JOB_MONITORING_S + alliance_rq.ABANDONED_AFTER_S + 1
    registry.cleanup(timestamp=lapsed)
    job.refresh()
    assert job.get_status() == JobStatus.QUEUED
    assert job.retries_left == alliance_rq.RETRIES - 1
    assert queue.job_ids == [job.id]
    assert queue.failed_job_registry.count == 0


def test_the_requeued_job_then_runs_once_on_another_worker(connection, settings):
    settings.ALLIANCE_WORKER_WARMUP = ()
    from rq import SimpleWorker
    from rq.job import JobStatus
    from rq.results import Result

    queue = _queue(connection)
    job, died_at = _start_and_die(connection, queue)
    lapsed = died_at + alliance_rq.JOB_MONITORING_S + alliance_rq.ABANDONED_AFTER_S + 1
    queue.started_job_registry.cleanup(timestamp=lapsed)

    class Survivor(alliance_rq.Worker, SimpleWorker):  # in this process: no fork in tests
        pass

    Survivor([queue], connection=connection, name="survivor").work(burst=True)
    job.refresh()
    assert job.get_status() == JobStatus.FINISHED
    # One run to completion; the lost one shows as a retry spent.
    assert [result.type for result in job.results()] == [Result.Type.SUCCESSFUL]
    assert job.retries_left == alliance_rq.RETRIES - 1


WARMED: list[str] = []


def mark_warm() -> None:
    WARMED.append("warm")


def test_a_worker_warms_up_once_before_it_forks_any_task(connection, settings):
    from rq import SimpleWorker

    settings.ALLIANCE_WORKER_WARMUP = ("tests.core.test_rq.mark_warm",)
    WARMED.clear()

    class InProcess(alliance_rq.Worker, SimpleWorker):
        pass

    queue = _queue(connection)
    for _ in range(3):
        queue.enqueue("os.getpid")
    started = time.monotonic()
    InProcess([queue], connection=connection, name="warm").work(burst=True)
    assert WARMED == ["warm"]
    assert queue.finished_job_registry.count == 3
    # Its command listener stops within one poll (stock RQ's waited up to 60 s).
    assert time.monotonic() - started < 10 * alliance_rq.COMMAND_POLL_S


def test_the_screening_engine_warm_up_needs_no_database():
    from django.db import connection as db

    from alliance.screening.engine import warm_engine

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "cursor", lambda *a, **k: pytest.fail("the warm-up used the database"))
        warm_engine()
