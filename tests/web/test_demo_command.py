"""`alliance demo` is safe to re-run: a second run on a seeded alliance adds nothing and
prints the same logins.

The first run is the run's shared seeding (tests/demo_db.py), which ran ``demo`` on an
empty migrated database and kept what it printed; this test runs it the second time, on
the module's copy of that database, instead of seeding the demo twice more itself."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from alliance.organisations.models import Application, Organisation, Partnership
from alliance.transparency.models import LogEntry

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Partnership.objects.count(),
        LogEntry.objects.count(),
        Application.objects.count(),
    )


def test_demo_command_runs_twice_safely(demo, demo_template, tmp_path, settings):  # type: ignore[no-untyped-def]
    # The second run reads the first run's logins and keys, and writes them in a copy of
    # its folder (other modules' copies of the demo keep reading the original).
    var_dir = tmp_path / "var"
    shutil.copytree(demo_template.var_dir, var_dir)
    settings.VAR_DIR = var_dir
    settings.MEDIA_ROOT = var_dir / "media"
    first = demo_template.printed
    counts = _counts()
    assert counts[0] >= 40
    second = io.StringIO()
    call_command("demo", stdout=second)
    assert _counts() == counts
    assert "secretariat@demo.alliance.example" in first
    assert first == second.getvalue()  # the same logins still work
    statuses = set(Application.objects.values_list("status", flat=True))
    # A submission opens its case at once: no application waits in "submitted".
    assert statuses == {
        "draft",
        "in_due_diligence",
        "ready_for_board",
        "approved",
        "declined",
        "withdrawn",
    }
    assert set(Partnership.objects.values_list("status", flat=True)) == {
        "active",
        "suspended",
        "terminated",
    }
