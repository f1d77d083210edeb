"""`alliance demo`: migrate if needed and seed the demo alliance (safe to re-run)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone


class Command(BaseCommand):
    help = "Migrate if needed and seed a realistic demo alliance; prints the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        from alliance.demo.seed import seed_demo

        # The demo's notifications stay in memory rather than flooding the terminal.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            logins = seed_demo(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo alliance ready."))
        self.stdout.write(
            "Demo logins (passwords are random per installation, kept in var/demo-logins.json):"
        )
        shown = set()
        for login in logins.values():
            if login.role in {"partner contact", "applicant (draft)"} and login.role in shown:
                continue
            shown.add(login.role)
            line = f"  {login.role:<18} {login.email:<55} password {login.password}"
            if login.totp_secret:
                line += f"  TOTP secret {login.totp_secret}"
            self.stdout.write(line)
        self.stdout.write(
            "Second factor: add the TOTP secret to an authenticator app, or run "
            "`alliance totp EMAIL` for the current code."
        )
