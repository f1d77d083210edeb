"""`alliance manage screening_load PATH [PATH ...]`: load list files by path (the scheduled
job). Each file loads whole or not at all; re-screening of what changed is queued for the
task worker, or run at once with --now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.core.errors import ActionError
from alliance.screening.actions import list_version_load, list_version_rescreen


class Command(BaseCommand):
    help = "Load sanctions list files (UN, OFAC, UK, EU, Canada, FtM) as new list versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="list files (or OFAC CSV folders)")
        parser.add_argument(
            "--now", action="store_true",
            help="re-screen what changed in this process instead of queueing it",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["paths"]:
            try:
                outcome = list_version_load(actor=None, path_or_upload=path)
            except ActionError as error:
                failed += 1
                self.stderr.write(f"not loaded: {error.message}")
                continue
            version = outcome.version
            if outcome.unchanged:
                self.stdout.write(f"{version.list.list_id}: unchanged ({path})")
                continue
            counts = version.diff_counts()
            self.stdout.write(
                f"{version.list.list_id}: {version.entry_count} entries from {path} "
                f"(+{counts['added']} ~{counts['changed']} -{counts['removed']})"
            )
            if options["now"]:
                alert = list_version_rescreen(version=version)
                subjects = alert.items.values("subject").distinct().count()
                self.stdout.write(f"  re-screened: {subjects} subject(s) with changed results")
        if failed:
            raise CommandError(f"{failed} file(s) not loaded")
