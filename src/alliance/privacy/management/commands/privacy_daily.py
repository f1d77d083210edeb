"""The daily privacy run (from cron): reminders of request deadlines and retention.

Without --apply it writes a dry-run report only; nothing is removed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alliance.privacy.actions import data_requests_remind, retention_apply


class Command(BaseCommand):
    help = (
        "Remind the secretariat of data-request deadlines and run retention (dry run by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument("--apply", action="store_true", help="remove what the rules say")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.utils import timezone

        today = options["today"] or timezone.localdate()
        reminded = data_requests_remind(today=today)
        run = retention_apply(actor=None, today=today, dry_run=not options["apply"])
        rows = sum(len(r["ids"]) for r in run.report.values())
        verb = "removed" if options["apply"] else "would remove (dry run)"
        self.stdout.write(f"Reminded {reminded} request(s); retention {verb} {rows} row(s).")
