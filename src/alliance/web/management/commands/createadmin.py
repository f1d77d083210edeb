"""`alliance createadmin`: an administrator account (asks for email and password)."""

from __future__ import annotations

import getpass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliance.accounts.models import RoleGrant, User
from alliance.accounts.roles import Role


class Command(BaseCommand):
    help = "Create an administrator. They enrol a TOTP second factor at first sign-in."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = (options.get("email") or input("Email: ")).strip().lower()
        if User.objects.filter(email=email).exists():
            raise CommandError(f"An account with {email} already exists.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            user = User.objects.create_superuser(email=email, password=password)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
        self.stdout.write(self.style.SUCCESS(f"Administrator {email} created."))
