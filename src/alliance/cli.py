"""The `alliance` command: the management commands people need, with help.

Every subcommand honours DATABASE_URL. `screen`, `log verify` and
`credentials check|verify` need no database at all.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable

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
    return _django("alliance_worker", *rest)  # db_worker plus the /readyz heartbeat


def cmd_manage(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django(*rest)


def cmd_totp(ns: argparse.Namespace, rest: list[str]) -> int:
    return _django("totp_code", *rest)


def cmd_serve(ns: argparse.Namespace, rest: list[str]) -> int:
    """Collect static files, start the embedded task worker, serve with gunicorn."""
    _django("collectstatic", "--noinput", "--verbosity", "0")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="alliance.config.settings")
    worker = None
    if not ns.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "alliance.cli", "worker"], env=env)
    try:
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "alliance.config.wsgi:application",
            "--bind",
            ns.address,
            "--workers",
            str(ns.workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ]
        return subprocess.call(args, env=env)  # noqa: S603
    except KeyboardInterrupt:
        return 0
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


def cmd_screen(ns: argparse.Namespace, rest: list[str]) -> int:
    from alliance.engines.screening.cli import main

    return main(rest)


def cmd_log(ns: argparse.Namespace, rest: list[str]) -> int:
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
        "checkpoint and entries offline.",
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
            in {"serve", "migrate", "demo", "worker", "createadmin", "manage", "totp"},
        )
        if name == "serve":
            p.add_argument(
                "address",
                nargs="?",
                default="127.0.0.1:8000",
                help="HOST:PORT to listen on (default 127.0.0.1:8000)",
            )
            p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
            p.add_argument(
                "--no-worker",
                action="store_true",
                help="do not start the embedded background-task worker",
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
    if argv[0] in {"screen", "log", "credentials"}:
        # These pass everything through to their own parsers.
        return COMMANDS[argv[0]][0](argparse.Namespace(), argv[1:])
    if argv[0] in {"serve"}:
        ns = parser.parse_args(argv)
        return cmd_serve(ns, [])
    return COMMANDS[argv[0]][0](argparse.Namespace(), argv[1:])


if __name__ == "__main__":
    sys.exit(main())
