"""``alliance backup`` and ``alliance restore``: the database, keys, secret key and media
in one tar archive (mode 0600), and back.

Archive layout::

    manifest.json       what is inside, the database vendor, the log's newest checkpoint
    database.sqlite3    SQLite: a consistent copy made with the online backup API
    database.pgdump     PostgreSQL: ``pg_dump --format=custom``
    keys/...            var/keys: the log signing key (and retired ones), issuer secrets
    secret_key          the Django secret key in use
    media/...           uploaded and generated files (evidence, Board packs)

Restore puts everything back, then verifies the log against the restored key (the
newest checkpoint's signature, and every entry hashed to its root) and runs the
start-up checks; if either fails it says so and exits non-zero, and ``alliance serve``
refuses to start on that state too.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PGDUMP_NAME = "database.pgdump"
SECRET_NAME = "secret_key"  # noqa: S105 - a file name

ERR_NOT_AN_ARCHIVE = "{path} is not an Alliance backup archive ({reason})."
ERR_WRONG_VENDOR = (
    "The archive holds a {archived} database, but DATABASE_URL points at {current}: restore "
    "into the same kind of database."
)
ERR_NOT_EMPTY = (
    "The database is not empty ({count} log entries, {users} accounts). Restore replaces "
    "everything: pass --replace to do so."
)
ERR_TOOL_MISSING = "{tool} is not installed (Debian: apt-get install postgresql-client)."
ERR_TOOL_FAILED = "{tool} failed: {detail}"
ERR_UNSUPPORTED_DB = "Backups support SQLite and PostgreSQL, not {engine}."
ERR_LOG_DOES_NOT_VERIFY = "The restored log does not verify with the restored key: {detail}"


class BackupError(Exception):
    """A backup or restore that cannot go on; ``str(exc)`` is the message to show."""


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _vendor() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith(("postgresql", "postgis")):
        return "postgresql"
    raise BackupError(ERR_UNSUPPORTED_DB.format(engine=engine))


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(tool: str, args: list[str]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(ERR_TOOL_MISSING.format(tool=tool))
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments we build
        [tool, *args], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(ERR_TOOL_FAILED.format(tool=tool, detail=" / ".join(detail[-3:])))


def _latest_checkpoint() -> dict[str, Any] | None:
    from alliance.transparency.models import Checkpoint

    latest = Checkpoint.objects.order_by("-id").first()
    if latest is None:
        return None
    return {"size": latest.size, "verifier_key": latest.verifier_key, "note": latest.note}


def _dump_database(folder: Path) -> str:
    vendor = _vendor()
    if vendor == "sqlite":
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
        target = sqlite3.connect(str(folder / SQLITE_NAME))
        try:
            with target:
                source.backup(target)  # consistent even while the site writes
        finally:
            target.close()
            source.close()
        return SQLITE_NAME
    _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(folder / PGDUMP_NAME)])
    return PGDUMP_NAME


def _add_tree(archive: tarfile.TarFile, root: Path, name: str) -> list[str]:
    added: list[str] = []
    if not root.is_dir():
        return added
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            arcname = f"{name}/{path.relative_to(root).as_posix()}"
            archive.add(path, arcname=arcname, recursive=False)
            added.append(arcname)
    return added


def default_archive_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"alliance-{stamp}.tar"


def backup(path: Path) -> dict[str, Any]:
    """Write one archive at ``path`` (0600, appears whole or not at all); its manifest."""
    from alliance.transparency import keys

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix="alliance-backup-") as work:
        folder = Path(work)
        database = _dump_database(folder)
        (folder / SECRET_NAME).write_text(settings.SECRET_KEY + "\n", encoding="utf-8")
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": _vendor(), "file": database},
            "base_url": settings.ALLIANCE_BASE_URL,
            "log_origin": keys.log_origin(),
            "log_key_from_environment": keys.key_from_environment(),
            "checkpoint": _latest_checkpoint(),
        }
        temporary = path.with_name(f".{path.name}.partial")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
                archive.add(folder / database, arcname=database)
                archive.add(folder / SECRET_NAME, arcname=SECRET_NAME)
                manifest["keys"] = _add_tree(archive, keys.key_dir(), "keys")
                manifest["media"] = _add_tree(archive, Path(settings.MEDIA_ROOT), "media")
                body = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(body), 0o600
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(body))
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return manifest


# --- Restore ---------------------------------------------------------------------


def _read_manifest(folder: Path, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(ERR_NOT_AN_ARCHIVE.format(path=path, reason="no manifest")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            ERR_NOT_AN_ARCHIVE.format(path=path, reason=f"format {manifest.get('format')!r}")
        )
    return manifest


def _database_counts() -> tuple[int, int] | None:
    """(log entries, accounts) in the target database, or None when it has no tables."""
    from django.db import DatabaseError

    from alliance.accounts.models import User
    from alliance.transparency.models import LogEntry

    try:
        return LogEntry.objects.count(), User.objects.count()
    except DatabaseError:
        return None


def _restore_sqlite(source_file: Path) -> None:
    target_path = Path(settings.DATABASES["default"]["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    source = sqlite3.connect(str(source_file))
    target = sqlite3.connect(str(target_path), timeout=30)
    try:
        with target:
            source.backup(target)  # replaces every page of the target, WAL included
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _restore_postgresql(dump: Path) -> None:
    connections.close_all()
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _pg_env()["PGDATABASE"],
            str(dump),
        ],
    )


def _copy_tree(source: Path, target: Path, *, dir_mode: int, file_mode: int) -> int:
    count = 0
    if not source.is_dir():
        return count
    target.mkdir(parents=True, exist_ok=True, mode=dir_mode)
    target.chmod(dir_mode)
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True, mode=dir_mode)
            destination.chmod(dir_mode)
        elif path.is_file():
            destination.parent.mkdir(parents=True, exist_ok=True, mode=dir_mode)
            temporary = destination.with_name(f".{destination.name}.restore")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, file_mode)
            with os.fdopen(fd, "wb") as handle, path.open("rb") as data:
                shutil.copyfileobj(data, handle)
            os.replace(temporary, destination)
            count += 1
    return count


def verify_stored_log() -> str:
    """Verify the stored log with the key in force: the newest checkpoint's signature and
    every entry (leaf and shown fact) hashed to its root. Returns a one-line summary;
    raises ``BackupError`` on the first failure. Never generates a key."""
    from alliance.engines.merkle import Verifier
    from alliance.engines.merkle.verify import VerificationFailed, verify_log
    from alliance.engines.merkle.wire import Entry
    from alliance.transparency import keys
    from alliance.transparency.models import Checkpoint, LogEntry

    latest = Checkpoint.objects.order_by("-id").first()
    if latest is None:
        return "log: empty, nothing to verify"
    if not keys.key_from_environment() and not keys.key_path().exists():
        raise BackupError(
            ERR_LOG_DOES_NOT_VERIFY.format(detail=f"no signing key at {keys.key_path()}")
        )
    verifier = Verifier.from_key(str(keys.current_signer().verifier))
    entries = [
        Entry(index=e.index, leaf=bytes(e.leaf), fact=e.fact, has_fact=True)
        for e in LogEntry.objects.filter(index__lt=latest.size).order_by("index")
    ]
    try:
        report = verify_log(latest.note, verifier, entries)
    except VerificationFailed as exc:
        raise BackupError(ERR_LOG_DOES_NOT_VERIFY.format(detail=exc)) from exc
    return f"log: verified with {verifier}, tree size {report.checkpoint.size}"


def restore(path: Path, *, replace: bool = False) -> RestoreReport:
    """Put an archive back: database, keys, secret key, media; then verify and check."""
    from alliance.config.checks import startup_errors
    from alliance.transparency import keys

    path = Path(path)
    if not path.is_file():
        raise BackupError(ERR_NOT_AN_ARCHIVE.format(path=path, reason="no such file"))
    with tempfile.TemporaryDirectory(prefix="alliance-restore-") as work:
        folder = Path(work)
        try:
            with tarfile.open(path, mode="r") as archive:
                archive.extractall(folder, filter="data")  # no absolute paths, no links out
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(ERR_NOT_AN_ARCHIVE.format(path=path, reason=exc)) from exc
        manifest = _read_manifest(folder, path)
        report = RestoreReport(manifest)
        archived, current = manifest["database"]["vendor"], _vendor()
        if archived != current:
            raise BackupError(ERR_WRONG_VENDOR.format(archived=archived, current=current))
        counts = _database_counts()
        if counts is not None and any(counts) and not replace:
            raise BackupError(ERR_NOT_EMPTY.format(count=counts[0], users=counts[1]))
        database = folder / manifest["database"]["file"]
        if current == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgresql(database)
        report.lines.append(f"database: restored ({current})")
        var_dir = Path(settings.VAR_DIR)
        key_count = _copy_tree(folder / "keys", keys.key_dir(), dir_mode=0o700, file_mode=0o600)
        report.lines.append(f"keys: {key_count} file(s) restored to {keys.key_dir()}")
        secret = folder / SECRET_NAME
        if secret.is_file():
            _copy_tree_file(secret, var_dir / SECRET_NAME)
            report.lines.append(f"secret key: restored to {var_dir / SECRET_NAME}")
            env_secret = os.environ.get("ALLIANCE_SECRET_KEY", "").strip()
            if env_secret and env_secret != secret.read_text(encoding="utf-8").strip():
                report.lines.append(
                    "secret key: ALLIANCE_SECRET_KEY differs from the archived key; set it to "
                    f"the value in {var_dir / SECRET_NAME} to keep sessions and links valid"
                )
        media_count = _copy_tree(
            folder / "media", Path(settings.MEDIA_ROOT), dir_mode=0o750, file_mode=0o640
        )
        report.lines.append(f"media: {media_count} file(s) restored to {settings.MEDIA_ROOT}")
    connections.close_all()
    try:
        report.lines.append(verify_stored_log())
    except BackupError as exc:
        report.problems.append(str(exc))
    report.problems.extend(m.msg for m in startup_errors() if m.msg not in report.problems)
    return report


def _copy_tree_file(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.restore")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(source.read_bytes())
    os.replace(temporary, destination)
