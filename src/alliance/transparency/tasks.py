"""Background work: the hourly signed checkpoint.

Run from cron (``alliance manage log_checkpoint`` every hour) or let the embedded
worker do it: ``alliance manage log_checkpoint --schedule`` enqueues a task that
signs a checkpoint and enqueues itself again an hour later.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from alliance.transparency.services import issue_checkpoint

INTERVAL = timedelta(hours=1)


def schedule_next(after: timedelta = INTERVAL) -> bool:
    """Enqueue the next hourly run unless one is already waiting. True if enqueued.

    Backends that cannot defer a task (the immediate one used by tests) sign once.
    """
    if _already_waiting():
        return False
    if checkpoint_task.get_backend().supports_defer:
        run_after = timezone.now() + after
        transaction.on_commit(
            lambda: checkpoint_task.using(run_after=run_after).enqueue(repeat=True)
        )
    else:
        transaction.on_commit(lambda: checkpoint_task.enqueue(repeat=False))
    return True


def _already_waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: no queue to look at
        return False
    from django_tasks.base import TaskResultStatus

    return DBTaskResult.objects.filter(
        task_path=checkpoint_task.module_path, status=TaskResultStatus.READY
    ).exists()


@task()
def checkpoint_task(repeat: bool = False) -> int:
    """Sign the current tree head; with ``repeat``, come back in an hour. Returns the size."""
    checkpoint = issue_checkpoint()
    if repeat:
        with transaction.atomic():
            schedule_next()
    return checkpoint.size
