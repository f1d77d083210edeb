"""Background tasks of the core app."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def worker_heartbeat(note: str = "") -> str:
    """A no-op task whose result shows a worker is alive and picking up work.

    `alliance manage worker_check` enqueues it; operators watch it complete."""
    return f"alive at {timezone.now().isoformat()} {note}".strip()
