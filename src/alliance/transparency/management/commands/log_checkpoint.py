"""Sign a checkpoint of the transparency log now (run hourly from cron), or schedule it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from alliance.transparency.services import issue_checkpoint
from alliance.transparency.tasks import schedule_next


class Command(BaseCommand):
    help = (
        "Sign and store a checkpoint of the transparency log. Run it hourly from cron, "
        "or pass --schedule once so the background worker signs one every hour."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the hourly checkpoint task for the worker instead (idempotent)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            with transaction.atomic():
                enqueued = schedule_next(after=timedelta(0))
            self.stdout.write(
                "hourly checkpoint scheduled" if enqueued else "hourly checkpoint already scheduled"
            )
            return
        checkpoint = issue_checkpoint()
        self.stdout.write(checkpoint.note, ending="")
