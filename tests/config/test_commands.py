"""The real `alliance` command in throw-away instances: refusing to start, `check --deploy`,
serve's process group, backup → wipe → restore on SQLite and PostgreSQL, and a kill -9
in the middle of a burst of writes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from alliance.config.settings import ERR_SECURE_NEEDS_BASE_URL, ERR_SECURE_NEEDS_SECRET
from tests.config.helpers import Instance, alive, descendants, serving


def documented_deploy_choices() -> set[str]:
    """The findings `check --deploy` reports in production on purpose: the list in
    docs/security.md, section "`check --deploy`: deliberate choices"."""
    docs = (Path(__file__).parents[2] / "docs" / "security.md").read_text()
    section = docs.split("## `check --deploy`: deliberate choices", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([a-z_]+\.[A-Z]\d{3})`", section, flags=re.MULTILINE))


# They start real servers and processes: one at a time, beside the rest of the suite.
pytestmark = pytest.mark.xdist_group("processes")

PUBLISH = """
from django.db import transaction
from alliance.transparency.services import publish_fact
for i in range({n}):
    with transaction.atomic():
        publish_fact(kind="test.fact", subject=f"t:{{i}}", fact={{"n": i, "of": "{tag}"}})
"""
STATE = """
from alliance.transparency.models import Checkpoint
c = Checkpoint.objects.order_by("-id").first()
print(c.verifier_key)
print(c.note, end="")
"""


@pytest.fixture
def instance(tmp_path: Path) -> Instance:
    # A fixed base URL: the log is written before a server (on any free port) reads it.
    instance = Instance(tmp_path / "var", extra={"ALLIANCE_BASE_URL": "http://127.0.0.1:8000"})
    instance.migrate()
    return instance


def _save_state(instance: Instance, folder: Path) -> tuple[Path, Path]:
    key, note = instance.python(STATE).split("\n", 1)
    (folder / "key").write_text(key + "\n")
    (folder / "checkpoint").write_text(note)
    return folder / "key", folder / "checkpoint"


def test_production_refuses_to_start_without_its_secret_key_or_base_url(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "var")
    done = instance.run("manage", "check", check=False, ALLIANCE_SECURE="1")
    assert done.returncode == 2 and str(ERR_SECURE_NEEDS_SECRET) in done.stderr
    assert not (tmp_path / "var" / "secret_key").exists()  # no silent development key
    done = instance.run(
        "serve", "127.0.0.1:8149", check=False, ALLIANCE_SECURE="1", ALLIANCE_SECRET_KEY="x" * 50
    )
    assert done.returncode == 2 and str(ERR_SECURE_NEEDS_BASE_URL) in done.stderr


def test_check_deploy_with_production_settings(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "var")
    done = instance.run(
        "manage",
        "check",
        "--deploy",
        ALLIANCE_SECURE="1",
        ALLIANCE_SECRET_KEY="k" * 60 + "Zq9!",
        ALLIANCE_BASE_URL="https://alliance.example",
        ALLIANCE_ALLOWED_HOSTS="alliance.example",
    )
    reported = {
        line.split("(", 1)[1].split(")", 1)[0]
        for line in done.stdout.splitlines() + done.stderr.splitlines()
        if line.startswith("?: (")
    }
    documented = documented_deploy_choices()
    assert documented == {"security.W005", "security.W021"}  # the list is read, not empty
    assert reported == documented, done.stdout + done.stderr


def test_serve_derives_its_base_url_and_sigterm_stops_every_child(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "var")
    instance.migrate()
    with serving(instance) as (url, server):
        import json
        import urllib.request

        with urllib.request.urlopen(f"{url}/register.json") as response:
            document = json.load(response)
        assert document["log"]["origin"] == f"{url.removeprefix('http://')}/alliance/log"
        children = descendants(server.pid)
        assert len(children) >= 3  # gunicorn master, its worker, the task worker
        groups = {os.getpgid(pid) for pid in children}
        assert len(groups) == 1 and groups != {os.getpgid(server.pid)}
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    assert [pid for pid in children if alive(pid)] == []


def _round_trip(instance: Instance, tmp_path: Path, wipe) -> None:  # type: ignore[no-untyped-def]
    instance.python(PUBLISH.format(n=3, tag="before"))
    key, older = _save_state(instance, tmp_path)
    media = instance.var / "media" / "funding" / "evidence.pdf"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"%PDF-1.4\n")
    instance.python(PUBLISH.format(n=2, tag="after"))
    archive = tmp_path / "backup.tar"
    instance.run("backup", str(archive))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "secret_key", "keys/log_signer.key"} <= names
    assert "media/funding/evidence.pdf" in names
    secret = (instance.var / "secret_key").read_text()

    wipe()
    done = instance.run("restore", str(archive))
    assert "log: verified" in done.stdout
    assert media.read_bytes() == b"%PDF-1.4\n"
    assert (instance.var / "secret_key").read_text().strip() == secret.strip()
    with serving(instance, "--no-worker") as (url, _):
        verify = instance.run(
            "log", "verify", "--url", url, "--key", str(key), "--older", str(older)
        )
    assert "VERIFIED" in verify.stdout and "tree size 5" in verify.stdout


def _wipe_var(instance: Instance) -> None:
    import shutil

    # On PostgreSQL the database lives outside var/, so var/ may not exist yet.
    shutil.rmtree(instance.var, ignore_errors=True)


def test_backup_wipe_restore_on_sqlite(instance: Instance, tmp_path: Path) -> None:
    _round_trip(instance, tmp_path, lambda: _wipe_var(instance))


def test_restore_without_keys_refuses_to_serve(instance: Instance, tmp_path: Path) -> None:
    instance.python(PUBLISH.format(n=2, tag="x"))
    archive = tmp_path / "backup.tar"
    instance.run("backup", str(archive))
    keyless = tmp_path / "keyless.tar"
    with tarfile.open(archive) as source, tarfile.open(keyless, "w") as target:
        for member in source.getmembers():
            if not member.name.startswith("keys/"):
                target.addfile(member, source.extractfile(member))
    _wipe_var(instance)
    done = instance.run("restore", str(keyless), check=False)
    assert done.returncode == 1
    assert "no signing key" in done.stderr
    assert not (instance.var / "keys" / "log_signer.key").exists()
    serve = instance.run("serve", "127.0.0.1:8000", check=False)
    assert serve.returncode == 2 and "alliance.E011" in serve.stderr
    assert not (instance.var / "keys" / "log_signer.key").exists()


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL=postgres://... (round trip on PostgreSQL)")
    return url


# Waits on a lock end in an error instead of hanging the run: the server is shared with
# whatever else runs on the machine.
_PG_WAIT = {"PGOPTIONS": "-c lock_timeout=30s -c statement_timeout=120s"}


@contextlib.contextmanager
def _own_postgres_database(url: str) -> Iterator[str]:
    """A database of this test's own on DATABASE_URL's server, dropped afterwards: the
    wipe drops a whole schema, which must never wait on (or break) another user of the
    database DATABASE_URL names."""
    import psycopg

    server = url.rsplit("/", 1)[0]
    name = f"alliance_roundtrip_{os.getpid()}"

    def admin(sql: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=10) as db:
            db.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_backup_wipe_restore_on_postgresql(tmp_path: Path) -> None:
    with _own_postgres_database(_postgres_url()) as url:

        def wipe() -> None:
            subprocess.run(
                ["psql", url, "-q", "-v", "ON_ERROR_STOP=1",
                 "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                check=True, capture_output=True, timeout=180, env={**os.environ, **_PG_WAIT},
            )  # fmt: skip
            _wipe_var(instance)

        instance = Instance(
            tmp_path / "var",
            database_url=url,
            extra={"ALLIANCE_BASE_URL": "http://127.0.0.1:8000"},
        )
        wipe()
        instance.migrate()
        _round_trip(instance, tmp_path, wipe)


BURST = """
import sys
from decimal import Decimal
from accounts_helpers import staff
from alliance.funding.actions import budget_set
actor = staff()
for i in range(100000):
    budget_set(actor=actor, year=2026, lines=[("Secretariat", Decimal(1000 + i))])
    print(i, flush=True)
"""
STAFF = """
def staff():
    from alliance.accounts.models import RoleGrant, User
    user, _ = User.objects.get_or_create(email="sam@secretariat.example")
    RoleGrant.objects.get_or_create(user=user, role="secretariat", organisation=None)
    return user
"""
CONSISTENT = """
from alliance.core.models import AuditEvent
from alliance.funding.models import Budget, PublishedTotals
from alliance.transparency.models import LogEntry, LogHead
budget = Budget.objects.get(year=2026)
lines = list(budget.lines.values_list("amount", flat=True))
print(AuditEvent.objects.filter(object_type__icontains="budget").count(),
      PublishedTotals.objects.count(),
      LogEntry.objects.filter(kind="funding.totals").count(),
      LogHead.objects.get().size, LogEntry.objects.count(), len(lines))
"""


def test_kill_9_in_a_burst_of_writes_leaves_no_half_done_change(
    instance: Instance, tmp_path: Path
) -> None:
    instance.python(PUBLISH.format(n=2, tag="first"))
    key, older = _save_state(instance, tmp_path)
    (tmp_path / "accounts_helpers.py").write_text(STAFF)
    writer = instance.spawn(
        "manage", "shell", "--no-imports", "-c", BURST, PYTHONPATH=str(tmp_path)
    )
    done = 0
    try:
        while done < 25:
            done = int(writer.read_line()) + 1
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.close()
    audits, totals, logged, head, entries, lines = map(int, instance.python(CONSISTENT).split())
    # Every change is whole: its audit event, its published totals and its log entry.
    assert audits == totals == logged >= done
    assert head == entries == logged + 2
    assert lines == 1
    with serving(instance, "--no-worker") as (url, _):
        verify = instance.run(
            "log", "verify", "--url", url, "--key", str(key), "--older", str(older)
        )
    assert "VERIFIED" in verify.stdout and "consistency OK: size 2 is a prefix" in verify.stdout
