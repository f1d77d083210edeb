"""How fast are the public home page and register with the demo alliance?

One command: seeds the demo into a fresh SQLite database in a temporary
directory, then times GET / and GET /register/ with Django's test Client (the
full middleware stack, templates and queries; no network) and prints median and
p95 against the 100 ms budget. Anchors printed beside them, through the same
client: a static file served by WhiteNoise, and a trivial view
(/transparency/key, one small text response).

    .venv/bin/python benchmarks/pages.py [--runs 200]

With ``--load``: the same pages over real HTTP under concurrency. It starts
``alliance serve`` on a loopback port against a SQLite demo (seeded into a
temporary directory, or an already seeded ``--var-dir``), then runs
``--clients`` threads with keep-alive connections for ``--seconds`` per page and
prints requests/s, median and p99 latency, errors and timeouts for the home page,
the register and a signed-in dashboard (a partner contact's session), against a
static file served by WhiteNoise in the same run. Loopback only, bounded in
clients (at most 64) and time (at most 60 s per page).

    .venv/bin/python benchmarks/pages.py --load [--clients 16] [--seconds 10]
        [--var-dir /tmp/var_demo] [--port 8116] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_MS = 100.0


def _setup(var_dir: Path) -> None:
    os.environ["ALLIANCE_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)  # always the temporary SQLite file
    os.environ.setdefault("ALLIANCE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    # The test settings: static files from the finders (no collectstatic) and a fast
    # password hasher for seeding; everything on the request path is as in production.
    os.environ["DJANGO_SETTINGS_MODULE"] = "alliance.config.test_settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")


def _time(client, path: str, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    for _ in range(3):  # warm caches, templates, the connection
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _count_queries(connection, client, path: str) -> int:  # type: ignore[no-untyped-def]
    """Queries for one request (an execute wrapper: Django resets its log per request)."""
    seen: list[str] = []

    def record(run, sql, *rest):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return run(sql, *rest)

    with connection.execute_wrapper(record):
        client.get(path)
    return len(seen)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="timed requests per page")
    parser.add_argument("--load", action="store_true", help="concurrent HTTP load (see above)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (--load)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per page (--load)")
    parser.add_argument("--var-dir", type=Path, help="an already seeded var/ (--load)")
    parser.add_argument("--port", type=int, default=8116, help="loopback port (--load)")
    parser.add_argument("--workers", type=int, help="gunicorn processes (--load)")
    args = parser.parse_args(argv)
    if args.load:
        from loadgen import LoadOptions, run_load

        return run_load(
            LoadOptions(
                clients=args.clients,
                seconds=args.seconds,
                var_dir=args.var_dir,
                port=args.port,
                workers=args.workers,
            )
        )

    with tempfile.TemporaryDirectory(prefix="alliance-pages-") as tmp:
        _setup(Path(tmp))
        from django.core.management import call_command
        from django.test import Client

        started = time.perf_counter()
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        seed_s = time.perf_counter() - started

        from django.db import connection

        from alliance.organisations.selectors import active_partnerships
        from alliance.transparency.models import LogEntry

        print(
            f"demo seeded in {seed_s:.1f} s: {active_partnerships().count()} active partners, "
            f"{LogEntry.objects.count()} log entries"
        )
        print(f"{args.runs} timed requests per page (Django test Client, SQLite, DEBUG off)\n")
        client = Client()
        pages = [("GET /", "/"), ("GET /register/", "/register/")]
        anchors = [
            ("static file (WhiteNoise)", "/static/alliance/site.css"),
            ("trivial view /transparency/key", "/transparency/key"),
        ]
        print(f"{'request':<34}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'median/budget':>15}")
        for label, path in pages + anchors:
            queries = _count_queries(connection, client, path)
            times = _time(client, path, args.runs)
            median = statistics.median(times)
            ratio = f"{median / BUDGET_MS:.2f}" if (label, path) in pages else "-"
            print(f"{label:<34}{median:>10.2f}{_p95(times):>10.2f}{queries:>9}{ratio:>15}")
        print(f"\nbudget: median under {BUDGET_MS:.0f} ms per page (ratio < 1 meets it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
