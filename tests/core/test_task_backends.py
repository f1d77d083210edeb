"""Background work runs on the embedded database worker and on Redis-backed workers."""

from __future__ import annotations

import socket

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus, task_backends

from alliance.core.tasks import worker_heartbeat


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_an_enqueued_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = worker_heartbeat.enqueue("db")
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value.endswith(" db")


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_redis_backed_worker_runs_an_enqueued_task(settings):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    from alliance.core.rq import Worker

    class InProcess(Worker, SimpleWorker):  # no fork in tests
        pass

    settings.ALLIANCE_WORKER_WARMUP = ()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    assert type(task_backends["default"]).__name__ == "RQBackend"
    result = worker_heartbeat.enqueue("redis")
    queue = django_rq.get_queue("default", job_class=Job)
    worker = InProcess([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value.endswith(" redis")
