"""``alliance log verify --database``: check the stored log row by row, on the server."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alliance.engines.merkle import Verifier
from alliance.transparency.integrity import DatabaseCheckFailed, verify_database


class Command(BaseCommand):
    help = (
        "Verify the transparency log in this database: every row against its leaf bytes "
        "and the tree's leaf hashes, the root, and the newest checkpoint's signature. "
        "Names the first entry that fails."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--key",
            action="append",
            help="verifier key to trust (repeat); default: the keys the checkpoints name",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = options.get("key")
        if keys:
            keys = [str(Verifier.from_key(k.strip())) for k in keys]
        try:
            lines = verify_database(keys)
        except DatabaseCheckFailed as exc:
            raise CommandError(f"FAILED: {exc}", returncode=1) from exc
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("VERIFIED: the stored log")
