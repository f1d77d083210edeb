"""Send reminders for overdue contribution instalments (run daily, e.g. from cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alliance.funding.tasks import overdue_reminders_task, send_overdue_reminders


class Command(BaseCommand):
    help = "Email partner contacts about overdue contribution instalments (once a day each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date to check against (YYYY-MM-DD); default today",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the work to the background worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = overdue_reminders_task.enqueue()
            self.stdout.write(f"Enqueued reminder task {result.id}.")
            return
        sent = send_overdue_reminders(options["today"])
        self.stdout.write(f"Sent {sent} overdue-instalment reminder(s).")
