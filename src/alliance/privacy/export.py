"""The person's data download: a ZIP with data.json and a readable summary.html."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from alliance.privacy.records import records_about

# Secrets that stay out of a download: they are the person's, but useless and risky in a file.
REDACTED = {"accounts.user": {"password"}, "mfa.authenticator": {"data"}}


def collect(user: Any, progress: Callable[[int], None] | None = None) -> dict[str, list[dict]]:
    tables = records_about(user)
    out: dict[str, list[dict]] = {}
    for i, (label, qs) in enumerate(sorted(tables.items()), start=1):
        rows = serializers.serialize("python", qs)
        for row in rows:
            for name in REDACTED.get(label, ()):
                row["fields"].pop(name, None)
        out[label] = [{"pk": r["pk"], **r["fields"]} for r in rows]
        if progress:
            progress(int(90 * i / max(len(tables), 1)))
    return out


def build_zip(user: Any, tables: dict[str, list[dict]]) -> tuple[bytes, str]:
    generated = timezone.now()
    data = {"generated_at": generated.isoformat(), "person": user.pk, "tables": tables}
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    summary = render_to_string(
        "privacy/export_summary.html",
        {"person": user, "tables": sorted(tables.items()), "generated": generated},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", body)
        archive.writestr("summary.html", summary)
    content = buffer.getvalue()
    return content, hashlib.sha256(content).hexdigest()
