"""Background work for due diligence."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alliance.diligence.actions import diligence_daily


@task()
def diligence_daily_task() -> int:
    """The daily monitoring run; returns how many re-assessment cases it opened."""
    return len(diligence_daily(today=timezone.localdate()))
