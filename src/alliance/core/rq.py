"""RQ workers that lose no task when one of them dies (ALLIANCE_TASK_BACKEND=rq).

RQ notices a job whose worker died (SIGKILL, OOM, a machine lost) only when the job's
heartbeat key has expired, and then retries it only if the job was created with retries;
django-tasks' RQ backend creates none. Stock RQ also waits 60 s past the heartbeat and
looks for abandoned jobs every 10 minutes, between jobs. So a killed worker's task was
marked failed minutes later and never run again (benchmarks/faults.py showed it).

Here every job gets ``RETRIES`` retries (an abandoned or failed task runs again, at most
that many times; the tasks are idempotent: a re-screen is skipped once done, a screening
replaces its results), and the workers beat every ``JOB_MONITORING_S`` seconds, call a
job abandoned ``ABANDONED_AFTER_S`` after its last beat, and look for abandoned jobs
every ``MAINTENANCE_S`` seconds while idle, so a dead worker's task is running again on
another worker within about a minute.

Each worker also runs the warm-ups in settings.ALLIANCE_WORKER_WARMUP before it forks
its first work horse.

Settings use them through ``RQ_QUEUES[...]["QUEUE_CLASS"]`` and ``RQ["WORKER_CLASS"]``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string
from django_rq.queues import DjangoRQ
from rq import Worker as RQWorker
from rq.defaults import DEFAULT_WORKER_TTL
from rq.job import Job, Retry

RETRIES = 2
JOB_MONITORING_S = 5
ABANDONED_AFTER_S = 20
MAINTENANCE_S = 15
# An idle worker blocks on the queue for WORKER_TTL_S - 15 s between maintenance runs.
WORKER_TTL_S = 35
# How long the worker's command listener (RQ's shutdown and kill-horse commands) waits
# for a message at a time; stopping the worker waits for that wait to end.
COMMAND_POLL_S = 1.0


log = logging.getLogger(__name__)


def warm_up() -> None:
    """Run settings.ALLIANCE_WORKER_WARMUP once in the worker's main process: each task
    runs in a work horse forked from it, which inherits what was loaded instead of
    loading it again (the screening engine's given-name data took 5-50 s per task)."""
    for path in getattr(settings, "ALLIANCE_WORKER_WARMUP", ()):
        started = time.monotonic()
        import_string(path)()
        log.info("worker warm-up %s: %.1f s", path, time.monotonic() - started)
    connections.close_all()  # no connection is shared with the forked work horses


class RetryingQueue(DjangoRQ):
    """A queue whose jobs are retried when they fail or their worker dies."""

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        if kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=RETRIES)
        return super().create_job(*args, **kwargs)


class Worker(RQWorker):
    """An RQ worker that finds a dead worker's job within about a minute."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # django-rq's rqworker always passes its own default TTL; an explicit one wins.
        if kwargs.get("worker_ttl") in (None, DEFAULT_WORKER_TTL):
            kwargs["worker_ttl"] = WORKER_TTL_S
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_S)
        kwargs.setdefault("maintenance_interval", MAINTENANCE_S)
        super().__init__(*args, **kwargs)

    def work(self, *args: Any, **kwargs: Any) -> bool:
        warm_up()
        return super().work(*args, **kwargs)

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        # RQ adds a fixed 60 s of grace; ABANDONED_AFTER_S is plenty for a live worker,
        # whose main process beats while its work horse runs the task.
        stock = super().get_heartbeat_ttl(job, working_time)
        return stock - 60 + ABANDONED_AFTER_S

    def subscribe(self) -> None:
        # Stock RQ listens in waits of 60 s and joins the listener on the way out, so a
        # worker told to stop (or a burst run) took up to a minute to exit.
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=COMMAND_POLL_S, daemon=True, exception_handler=self._pubsub_exception_handler
        )
