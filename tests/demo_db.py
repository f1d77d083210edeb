"""The seeded demo alliance, seeded once per run and copied into each module that uses it.

Seeding the demo runs every action function of every app (hundreds of transactions, the
public log, screening): it is the most expensive setup in the suite. So it is done once:

- SQLite (the test database is in memory): the first worker to need the demo seeds its
  own database, then saves it with SQLite's online backup to a file in the run's shared
  temporary folder (under a file lock, so a second xdist worker waits and loads the file
  instead of seeding again). A module that asks for ``demo`` gets that copy restored into
  its worker's database (a few milliseconds) and an empty database again when it ends.
- PostgreSQL: each worker seeds a template database once (``CREATE DATABASE … TEMPLATE``
  its empty test database), and each module gets a fresh copy of the template; the
  connection points at the copy for the module and back afterwards.

The demo's keys, logins file and uploads live in one folder (``VAR_DIR`` while a module has the
demo), so the copy's signed log and credentials verify against the keys that made them.
What the seeding ``demo`` command printed is kept too (``demo_template.printed``): the test
that ``demo`` runs twice safely runs it a second time on a copy instead of seeding twice.

To use it, a test module asks for the ``demo`` fixture (module-scoped, from
tests/conftest.py): with ``pytest.mark.django_db`` each test runs in a transaction that
is rolled back, on the committed demo; a live server sees the demo too (it is committed).
"""

from __future__ import annotations

import fcntl
import io
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

_SEEDED = "demo.sqlite3"
_PRINTED = "demo-output.txt"


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run shared by its xdist workers (the run's own folder alone)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _seed(var_dir: Path) -> str:
    """Seed the demo with its keys and uploads in ``var_dir``; what ``demo`` printed."""
    printed = io.StringIO()
    with override_settings(VAR_DIR=var_dir, MEDIA_ROOT=var_dir / "media"):
        call_command("demo", stdout=printed)
    return printed.getvalue()


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


class SqliteDemo:
    """The seeded demo as a SQLite database file; the empty test database in memory."""

    def __init__(self, shared: Path) -> None:
        self.var_dir = shared / "var"
        raw = _raw_sqlite()
        self._empty = sqlite3.connect(":memory:")
        raw.backup(self._empty)
        seeded = shared / _SEEDED
        with _locked(shared / "seed.lock"):
            if not seeded.exists():
                (shared / _PRINTED).write_text(_seed(self.var_dir))
                partial = seeded.with_suffix(".partial")
                with sqlite3.connect(partial) as file:
                    raw.backup(file)
                file.close()
                partial.rename(seeded)
        self._seeded = sqlite3.connect(f"file:{seeded}?mode=ro", uri=True)
        self.printed = (shared / _PRINTED).read_text()

    def restore(self) -> None:
        self._seeded.backup(_raw_sqlite())

    def clear(self) -> None:
        self._empty.backup(_raw_sqlite())


class PostgresDemo:
    """The seeded demo as a template database beside the worker's test database."""

    def __init__(self, shared: Path) -> None:
        self.var_dir = shared / f"var-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        self.name = connection.settings_dict["NAME"]
        self.template = f"{self.name}_demo"
        self.copy = f"{self.name}_demo_copy"
        self._sql(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._sql(f'CREATE DATABASE "{self.template}" TEMPLATE "{self.name}"', free=self.name)
        self._point_at(self.template)
        try:
            self.printed = _seed(self.var_dir)
        finally:
            self._point_at(self.name)

    def _sql(self, statement: str, *, free: str = "") -> None:
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            if free:  # a template may have no other session: a live server's idle ones
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [free],
                )
            cursor.execute(statement)

    def _point_at(self, name: str) -> None:
        connections.close_all()
        connection.settings_dict["NAME"] = name

    def restore(self) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.copy}"', free=self.copy)
        self._sql(f'CREATE DATABASE "{self.copy}" TEMPLATE "{self.template}"', free=self.template)
        self._point_at(self.copy)

    def clear(self) -> None:
        self._point_at(self.name)
        self._sql(f'DROP DATABASE IF EXISTS "{self.copy}"', free=self.copy)

    def drop(self) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{self.template}"', free=self.template)


@pytest.fixture(scope="session")
def demo_template(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The seeded demo of this run (seeded at most once per run on SQLite, once per
    worker on PostgreSQL). Tests use ``demo``, not this."""
    shared = _shared_dir(tmp_path_factory)
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            yield SqliteDemo(shared)
            return
        template = PostgresDemo(shared)
        try:
            yield template
        finally:
            template.drop()


@pytest.fixture(scope="module")
def demo(demo_template, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The seeded demo alliance, committed, for the whole module; the database is empty
    again when the module ends (other modules on the worker never see it)."""
    # The uploads live beside the keys: a copy seeded on another worker finds its files.
    overrides = override_settings(
        VAR_DIR=demo_template.var_dir, MEDIA_ROOT=demo_template.var_dir / "media"
    )
    with django_db_blocker.unblock():
        demo_template.restore()
    overrides.enable()
    try:
        yield
    finally:
        overrides.disable()
        with django_db_blocker.unblock():
            demo_template.clear()
