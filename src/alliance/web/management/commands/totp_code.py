"""`alliance totp EMAIL`: the current TOTP code of a demo account (demo only)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from alliance.demo.accounts import load_logins


class Command(BaseCommand):
    help = "Print the current TOTP code for a demo account listed in var/demo-logins.json."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        import time

        login = load_logins().get(options["email"].lower())
        if login is None or not login.totp_secret:
            raise CommandError("No demo TOTP secret for that email (only demo accounts have one).")
        self.stdout.write(format_hotp_value(hotp_value(login.totp_secret, int(time.time()) // 30)))
