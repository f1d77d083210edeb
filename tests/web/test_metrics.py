"""/metrics: Prometheus text for loopback or a token; requests, tasks, screening, log size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus, task
from prometheus_client import REGISTRY

from alliance.transparency.services import publish_fact
from alliance.web import metrics

pytestmark = pytest.mark.django_db


@task()
def _fine() -> int:
    return 1


@task()
def _broken() -> None:
    raise ValueError("broken on purpose")


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _metric_line(body: str, name: str) -> float:
    line = next(row for row in body.splitlines() if row.startswith(name + " "))
    return float(line.split()[-1])


def test_loopback_scrape_has_requests_by_view_and_the_log_size(client):
    with transaction.atomic():
        publish_fact(kind="test.fact", subject="test:1", fact={"n": 1})
        publish_fact(kind="test.fact", subject="test:2", fact={"n": 2})
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="web:healthz"}'
        in body
    )
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in body
    assert _metric_line(body, "alliance_log_size") == 2
    assert _metric_line(body, "alliance_task_queue_depth") == 0
    assert _metric_line(body, "alliance_checkpoint_age_seconds") >= 0


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.9"},  # through a proxy on this machine
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
    ],
)
def test_other_callers_get_404(client, monkeypatch, extra):
    monkeypatch.setenv("ALLIANCE_METRICS_TOKEN", "s3cret-token")
    assert client.get("/metrics", **extra).status_code == 404


def test_a_scraper_elsewhere_uses_the_token(client, monkeypatch):
    monkeypatch.setenv("ALLIANCE_METRICS_TOKEN", "s3cret-token")
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token"
    )
    assert response.status_code == 200
    assert "alliance_log_size" in response.content.decode()


def test_no_token_set_means_no_token_accepted(client, monkeypatch):
    monkeypatch.delenv("ALLIANCE_METRICS_TOKEN", raising=False)
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_task_runs_and_failures_are_counted_by_task():
    fine, broken = _fine.name, _broken.name
    runs, failures = (
        _value("alliance_task_runs_total", task=fine),
        _value("alliance_task_failures_total", task=broken),
    )
    _fine.enqueue()
    _broken.enqueue()
    assert _value("alliance_task_runs_total", task=fine) == runs + 1
    assert _value("alliance_task_runs_total", task=broken) >= 1
    assert _value("alliance_task_failures_total", task=broken) == failures + 1
    assert _value("alliance_task_failures_total", task=fine) == 0
    assert _value("alliance_task_seconds_count", task=fine) >= 1


def test_screening_tasks_feed_the_screening_histogram():
    started = datetime(2026, 1, 1, tzinfo=UTC)
    result = SimpleNamespace(
        task=SimpleNamespace(
            name="rescreen_list_version",
            module_path="alliance.screening.tasks.rescreen_list_version",
        ),
        status=TaskResultStatus.SUCCESSFUL,
        started_at=started,
        finished_at=started + timedelta(seconds=3),
    )
    before = _value("alliance_screening_seconds_sum", task="rescreen_list_version")
    metrics.count_task(sender=None, task_result=result)
    assert _value("alliance_screening_seconds_sum", task="rescreen_list_version") == before + 3
