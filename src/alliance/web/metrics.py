"""Prometheus metrics at /metrics (django-prometheus plus Alliance's own).

- Requests by view, method and status, and latency by view: django-prometheus's
  middleware (``django_http_*``).
- Task runs and failures, and their duration (screening included), by task:
  ``alliance_task_runs_total``, ``alliance_task_failures_total``,
  ``alliance_task_seconds``; screening tasks also in ``alliance_screening_seconds``.
  Counted from django-tasks' ``task_finished`` signal in whichever process runs them.
- The log's size, the newest checkpoint's age and the task queue depth are read from
  the database when scraped (``alliance_log_size``, ``alliance_checkpoint_age_seconds``,
  ``alliance_task_queue_depth``).

With several processes on one machine (gunicorn workers, the task worker), set
``PROMETHEUS_MULTIPROC_DIR`` to one empty folder for all of them (`alliance serve` does,
under var/); a scrape then adds up every process's counters.

/metrics answers only a request from the loopback address that came through no proxy,
or one carrying ``Authorization: Bearer $ALLIANCE_METRICS_TOKEN``; anything else is 404.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

ERR_METRICS_HIDDEN = "Not found."
LOOPBACK = frozenset({"127.0.0.1", "::1"})
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")

TASK_RUNS = Counter("alliance_task_runs", "Background tasks finished, by task.", ["task"])
TASK_FAILURES = Counter("alliance_task_failures", "Background tasks that failed.", ["task"])
TASK_SECONDS = Histogram(
    "alliance_task_seconds",
    "Background task run time, by task.",
    ["task"],
    buckets=(0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600),
)
SCREENING_SECONDS = Histogram(
    "alliance_screening_seconds",
    "Screening task run time (one organisation, or a list re-screen).",
    ["task"],
    buckets=(0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600),
)


@receiver(task_finished, dispatch_uid="alliance.web.metrics.task_finished")
def count_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    name = task_result.task.name
    TASK_RUNS.labels(name).inc()
    if task_result.status == TaskResultStatus.FAILED:
        TASK_FAILURES.labels(name).inc()
    if task_result.started_at and task_result.finished_at:
        seconds = (task_result.finished_at - task_result.started_at).total_seconds()
        TASK_SECONDS.labels(name).observe(seconds)
        if task_result.task.module_path.startswith("alliance.screening."):
            SCREENING_SECONDS.labels(name).observe(seconds)


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time (the same in every process)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from alliance.transparency.models import Checkpoint, LogHead

        head = LogHead.objects.filter(pk=1).values_list("size", flat=True).first()
        yield GaugeMetricFamily(
            "alliance_log_size", "Entries in the transparency log.", value=head or 0
        )
        latest = Checkpoint.objects.order_by("-id").values_list("issued_at", flat=True).first()
        if latest is not None:
            yield GaugeMetricFamily(
                "alliance_checkpoint_age_seconds",
                "Seconds since the newest signed checkpoint.",
                value=(timezone.now() - latest).total_seconds(),
            )
        from alliance.web.health import rq_workers_and_depth, uses_rq

        if uses_rq():
            try:
                workers, depth = rq_workers_and_depth()
            except Exception:  # Redis unreachable: /readyz reports it; omit the figures
                return
            yield GaugeMetricFamily("alliance_rq_workers", "Live RQ workers.", value=workers)
        else:
            depth = DBTaskResult.objects.ready().count()
        yield GaugeMetricFamily(
            "alliance_task_queue_depth", "Tasks waiting in the queue.", value=depth
        )


def _allowed(request: HttpRequest) -> bool:
    token = os.environ.get("ALLIANCE_METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    proxied = any(request.META.get(name) for name in PROXY_HEADERS)
    return not proxied and request.META.get("REMOTE_ADDR") in LOOPBACK


def registry() -> CollectorRegistry:
    """This process's metrics, or every process's when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
        return combined
    return REGISTRY


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "ALLIANCE_METRICS", True) or not _allowed(request):
        raise Http404(ERR_METRICS_HIDDEN)
    started = time.perf_counter()
    scraped = registry()
    extra = CollectorRegistry(auto_describe=False)
    extra.register(DatabaseCollector())
    body = generate_latest(scraped) + generate_latest(extra)
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["X-Scrape-Seconds"] = f"{time.perf_counter() - started:.4f}"
    return response
