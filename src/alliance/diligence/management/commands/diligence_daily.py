"""Daily: open re-assessment cases for partners whose date has come."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from alliance.diligence.actions import diligence_daily


class Command(BaseCommand):
    help = "Open due re-assessment cases for active partners (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = diligence_daily(today=timezone.localdate())
        for case in opened:
            self.stdout.write(f"opened case #{case.pk} for {case.organisation} ({case.reason})")
        self.stdout.write(f"{len(opened)} re-assessment case(s) opened.")
