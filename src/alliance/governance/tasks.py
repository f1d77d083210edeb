"""Background work for the Board: daily deadline reminders."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alliance.governance.actions import remind_deadlines


@task()
def remind_board_deadlines() -> int:
    """Remind members who have not voted on written resolutions due within two days."""
    return remind_deadlines(today=timezone.localdate())
