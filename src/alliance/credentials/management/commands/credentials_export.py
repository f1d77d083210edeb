"""``alliance manage credentials_export ORGANISATION-OR-ID --out DIR [--form rdfc|jcs|jwt]``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.credentials.export import FILE_NAMES, export_bundle
from alliance.credentials.models import IssuedCredential


def _find(reference: str) -> IssuedCredential:
    live = IssuedCredential.objects.filter(superseded_by__isnull=True).order_by("-issued_at")
    try:
        key = uuid.UUID(reference.removeprefix("urn:uuid:"))
    except ValueError:
        found = live.filter(subject_name__iexact=reference).first()
    else:
        found = (
            IssuedCredential.objects.filter(public_id=key).first()
            or live.filter(credential_jcs__id=f"urn:uuid:{key}").first()
            or live.filter(subject_id=f"urn:uuid:{key}").first()
        )
    if found is None:
        raise CommandError(f"no credential found for {reference!r}")
    return found


class Command(BaseCommand):
    help = (
        "Save a credential with did.json and the status lists beside it, for "
        "`alliance credentials verify FILE` offline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "reference", help="organisation legal name, credential id or organisation public id"
        )
        parser.add_argument("--out", type=Path, required=True, help="directory to write")
        parser.add_argument("--form", choices=sorted(FILE_NAMES), default="rdfc")

    def handle(self, *args: Any, **options: Any) -> None:
        path = export_bundle(_find(options["reference"]), options["out"], options["form"])
        self.stdout.write(f"{path}\nverify offline: alliance credentials verify {path}")
