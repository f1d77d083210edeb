"""The `alliance` command: the management commands people need, with help.

Every subcommand honours DATABASE_URL. `screen`, `log verify` and
`credentials check|verify` need no database at all.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

DESCRIPTION = """Run the alliance platform.

Commands that touch the database honour DATABASE_URL (SQLite file ./var/alliance.sqlite3
when unset; postgres://... for PostgreSQL)."""


def _django(*args: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alliance", *args])
    return 0


def cmd_migrate(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django("migrate", *rest)


def cmd_demo(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django("demo", *rest)


def cmd_createadmin(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django("createadmin", *rest)


def cmd_worker(ns: argparse.Namespace, rest: list[str]) -> int:
    if not os.environ.get("ALLIANCE_STARTUP_CHECKED"):
        problem = startup_refusal()
        if problem:
            return _refuse(problem)
    return _django("alliance_worker", *rest)  # db_worker plus the /readyz heartbeat


def cmd_manage(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django(*rest)


def cmd_totp(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django("totp_code", *rest)


# --- serve, backup, restore (issue 14: configuration that cannot lie) ---------------------

WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 - names, not a bind
ERR_WILDCARD_NEEDS_BASE_URL = (
    "alliance serve {address}: listening on every interface, the site cannot tell its own "
    "address. Set ALLIANCE_BASE_URL to the address people use (e.g. https://alliance.example)."
)
ERR_BAD_ADDRESS = "alliance serve: {address!r} is not HOST:PORT."
STOP_GRACE_SECONDS = 15.0


def _split_address(address: str) -> tuple[str, str] | None:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host, port


def derive_base_url(address: str) -> str | None:
    """Set ALLIANCE_BASE_URL from the bind address when it is not set; an error or None."""
    if os.environ.get("ALLIANCE_BASE_URL", "").strip():
        return None
    if os.environ.get("ALLIANCE_SECURE", "").strip().lower() in {"1", "true", "yes", "on"}:
        return None  # production: the base URL is required, never guessed (settings say so)
    parts = _split_address(address)
    if parts is None:
        return ERR_BAD_ADDRESS.format(address=address)
    host, port = parts
    if host in WILDCARD_HOSTS:
        return ERR_WILDCARD_NEEDS_BASE_URL.format(address=address)
    os.environ["ALLIANCE_BASE_URL"] = f"http://{host}:{port}"
    return None


def _setup_django() -> str | None:
    """Load the settings and apps; the configuration error's message, or None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        return str(exc)
    return None


def startup_refusal() -> str | None:
    """Why the site must not start (configuration and stored state disagree), or None."""
    problem = _setup_django()
    if problem:
        return problem
    from alliance.config.checks import startup_errors

    errors = startup_errors()
    if not errors:
        return None
    return "\n".join(f"{e.id}: {e.msg}" for e in errors)


def _refuse(message: str) -> int:
    print(f"alliance: refusing to start.\n{message}", file=sys.stderr)
    return 2


class _Children:
    """gunicorn and the worker in one process group of their own, stopped together."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        self.pgid: int | None = None

    def spawn(self, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
            args, env=env, process_group=0 if self.pgid is None else self.pgid
        )
        if self.pgid is None:
            self.pgid = process.pid
        self.processes.append(process)
        return process

    def signal(self, signum: int) -> None:
        if self.pgid is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, signum)

    def group_alive(self) -> bool:
        if self.pgid is None:
            return False
        try:
            os.killpg(self.pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def stop(self) -> None:
        """SIGTERM to the whole group, SIGKILL to whatever is left after the grace time."""
        self.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline:
            for process in self.processes:
                process.poll()
            if all(p.returncode is not None for p in self.processes) and not self.group_alive():
                return
            time.sleep(0.1)
        self.signal(signal.SIGKILL)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)


def _fresh_metrics_dir() -> Path:
    """An empty var/prometheus for this run's processes to share their metrics through."""
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "prometheus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    return folder


def cmd_serve(ns: argparse.Namespace, rest: list[str]) -> int:
    """Check the configuration, collect static files, serve with gunicorn and the worker.

    gunicorn (with its workers) and the embedded task worker run in one process group;
    SIGTERM or SIGINT to ``alliance serve`` stops the whole group, and if either child
    exits the other is stopped too.
    """
    problem = derive_base_url(ns.address) or startup_refusal()
    if problem:
        return _refuse(problem)
    _django("collectstatic", "--noinput", "--verbosity", "0")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="alliance.config.settings")
    env["ALLIANCE_STARTUP_CHECKED"] = "1"
    if "PROMETHEUS_MULTIPROC_DIR" not in env:
        env["PROMETHEUS_MULTIPROC_DIR"] = str(_fresh_metrics_dir())
    stopping: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    children = _Children()
    try:
        gunicorn = children.spawn(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "alliance.config.wsgi:application",
                "--bind",
                ns.address,
                "--workers",
                str(ns.workers),
                "--threads",
                str(ns.threads),
                "--access-logfile",
                "-",
                # gunicorn's control socket has one default path per user: a second
                # site (or web process) on the machine would take over the first one's.
                "--no-control-socket",
            ],
            env,
        )
        if not ns.no_worker:
            children.spawn([sys.executable, "-m", "alliance.cli", "worker"], env)
        while not stopping:
            if any(p.poll() is not None for p in children.processes):
                break
            time.sleep(0.2)
        return 0 if stopping else (gunicorn.poll() or 0)
    finally:
        children.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def cmd_backup(ns: argparse.Namespace, rest: list[str]) -> int:
    problem = _setup_django()
    if problem:
        return _refuse(problem)
    from alliance.config import backup

    path = Path(ns.archive) if ns.archive else backup.default_archive_path()
    try:
        manifest = backup.backup(path)
    except backup.BackupError as exc:
        print(f"alliance backup: {exc}", file=sys.stderr)
        return 1
    checkpoint = manifest["checkpoint"]
    size = checkpoint["size"] if checkpoint else 0
    print(f"backup written to {path} (mode 0600)")
    print(
        f"database {manifest['database']['vendor']}, {len(manifest['keys'])} key file(s), "
        f"{len(manifest['media'])} media file(s), log tree size {size}"
    )
    return 0


def cmd_restore(ns: argparse.Namespace, rest: list[str]) -> int:
    problem = _setup_django()
    if problem:
        return _refuse(problem)
    from alliance.config import backup

    try:
        report = backup.restore(Path(ns.archive), replace=ns.replace)
    except backup.BackupError as exc:
        print(f"alliance restore: {exc}", file=sys.stderr)
        return 1
    for line in report.lines:
        print(line)
    if report.problems:
        print("alliance restore: restored, but the site will not serve:", file=sys.stderr)
        for line in report.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("restore complete; run `alliance migrate` if this code is newer than the backup")
    return 0


# --- end serve, backup, restore -------------------------------------------------------


def cmd_screen(ns: argparse.Namespace, rest: list[str]) -> int:
    from alliance.engines.screening.cli import main

    return main(rest)


def cmd_log(ns: argparse.Namespace, rest: list[str]) -> int:
    if "--database" in rest:
        # `alliance log verify --database [--key K]`: the stored log, row by row.
        args = [a for a in rest if a not in ("verify", "--database")]
        return _django("log_verify", *args)
    from alliance.engines.merkle.cli import main

    return main(rest)


def cmd_credentials(ns: argparse.Namespace, rest: list[str]) -> int:
    from alliance.engines.credentials.cli import main

    return main(rest)


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace, list[str]], int], str]] = {
    "migrate": (cmd_migrate, "Create or update the database tables."),
    "demo": (
        cmd_demo,
        "Migrate if needed and seed a realistic demo alliance (safe to re-run); "
        "prints the demo logins.",
    ),
    "serve": (
        cmd_serve,
        "Serve the site (static files included) with gunicorn, plus the "
        "embedded background-task worker.",
    ),
    "backup": (
        cmd_backup,
        "Write one archive (mode 0600) with the database, keys, secret key and media.",
    ),
    "restore": (
        cmd_restore,
        "Restore an archive made by `alliance backup`, then verify the log with the restored key.",
    ),
    "worker": (cmd_worker, "Run the database-backed background-task worker alone."),
    "createadmin": (
        cmd_createadmin,
        "Create an administrator account (asks for email and password).",
    ),
    "totp": (cmd_totp, "Print the current TOTP code of a demo account (demo only)."),
    "screen": (
        cmd_screen,
        "Screen names against sanctions lists, no database needed (see `alliance screen --help`).",
    ),
    "log": (
        cmd_log,
        "Transparency log tools: `alliance log verify` checks a saved "
        "checkpoint and entries offline, or a site by --url; `--database` checks this "
        "server's stored log row by row.",
    ),
    "credentials": (
        cmd_credentials,
        "Credential tools: `check FILE` (VC Data Model 2.0 shape) and `verify FILE` (offline).",
    ),
    "manage": (cmd_manage, "Any Django management command, e.g. `alliance manage shell`."),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            add_help=name
            in {
                "serve",
                "backup",
                "restore",
                "migrate",
                "demo",
                "worker",
                "createadmin",
                "manage",
                "totp",
            },
        )
        if name == "serve":
            p.add_argument(
                "address",
                nargs="?",
                default="127.0.0.1:8000",
                help="HOST:PORT to listen on (default 127.0.0.1:8000)",
            )
            p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
            p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
            p.add_argument(
                "--no-worker",
                action="store_true",
                help="do not start the embedded background-task worker",
            )
        if name == "backup":
            p.add_argument(
                "archive",
                nargs="?",
                help="where to write the archive (default var/backups/alliance-<time>.tar)",
            )
        if name == "restore":
            p.add_argument("archive", help="an archive made by `alliance backup`")
            p.add_argument(
                "--replace",
                action="store_true",
                help="replace a database that already holds data",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] in {"-h", "--help"}:
        parser.print_help()
        return 0
    if argv[0] not in COMMANDS:
        parser.error(f"unknown command {argv[0]!r}")
    from django.core.exceptions import ImproperlyConfigured

    try:
        return _dispatch(parser, argv)
    except ImproperlyConfigured as exc:
        return _refuse(str(exc))


def _dispatch(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    if argv[0] in {"screen", "log", "credentials"}:
        # These pass everything through to their own parsers.
        return COMMANDS[argv[0]][0](argparse.Namespace(), argv[1:])
    if argv[0] in {"serve", "backup", "restore"}:
        ns = parser.parse_args(argv)
        return COMMANDS[argv[0]][0](ns, [])
    return COMMANDS[argv[0]][0](argparse.Namespace(), argv[1:])


if __name__ == "__main__":
    sys.exit(main())
