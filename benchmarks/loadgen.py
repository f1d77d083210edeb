"""A small, bounded HTTP load generator for loopback servers (pages.py --load, faults.py).

Threads with one keep-alive ``http.client`` connection each; every request is timed.
It refuses any host other than the loopback address and caps clients and duration,
so it cannot be pointed at someone else's site by mistake.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
MAX_CLIENTS = 64
MAX_SECONDS = 60.0
REQUEST_TIMEOUT_S = 5.0
ROOT = Path(__file__).resolve().parents[1]
ALLIANCE = [sys.executable, "-m", "alliance.cli"]


@dataclass
class Result:
    label: str
    path: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0
    elapsed_s: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    # What each error was: "status 502", or the exception (e.g. "RemoteDisconnected"),
    # so a failed run says whether the server answered wrongly or dropped a connection.
    error_kinds: dict[str, int] = field(default_factory=dict)
    # When each timeout happened, in seconds from the start (to read against events).
    timeouts_at_s: list[float] = field(default_factory=list)
    # CPU the server's processes spent per answered request (None: not measured).
    server_cpu_ms: float | None = None

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def rate(self) -> float:
        return self.count / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _check_bounds(host: str, clients: int, seconds: float) -> None:
    if host != HOST:
        raise SystemExit(f"refusing to load {host}: loopback ({HOST}) only")
    if not 1 <= clients <= MAX_CLIENTS:
        raise SystemExit(f"clients must be 1..{MAX_CLIENTS}")
    if not 0 < seconds <= MAX_SECONDS:
        raise SystemExit(f"seconds must be in (0, {MAX_SECONDS:.0f}]")


def hammer(
    label: str,
    path: str,
    *,
    port: int,
    clients: int,
    seconds: float,
    headers: dict[str, str] | None = None,
    expect: Sequence[int] = (200,),
    host: str = HOST,
    paths: Sequence[str] | None = None,
    timeout_s: float = REQUEST_TIMEOUT_S,
) -> Result:
    """``clients`` threads GET ``path`` (or cycle through ``paths``) for ``seconds``; a
    request unanswered after ``timeout_s`` counts as a timeout."""
    _check_bounds(host, clients, seconds)
    result = Result(label, path)
    lock = threading.Lock()
    origin = time.monotonic()
    deadline = origin + seconds
    cycle = list(paths or [path])

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
        latencies: list[float] = []
        timed_out: list[float] = []
        errors = timeouts = 0
        statuses: dict[int, int] = {}
        kinds: dict[str, int] = {}
        i = number
        while time.monotonic() < deadline:
            target = cycle[i % len(cycle)]
            i += 1
            start = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers or {})
                response = connection.getresponse()
                response.read()
            except TimeoutError:
                timeouts += 1
                timed_out.append(time.monotonic() - origin)
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
                continue
            except (OSError, http.client.HTTPException) as error:
                errors += 1
                kind = type(error).__name__
                kinds[kind] = kinds.get(kind, 0) + 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
                time.sleep(0.01)
                continue
            latencies.append((time.perf_counter() - start) * 1000)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status not in expect:
                errors += 1
                kind = f"status {response.status}"
                kinds[kind] = kinds.get(kind, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
        connection.close()
        with lock:
            result.latencies_ms.extend(latencies)
            result.errors += errors
            result.timeouts += timeouts
            result.timeouts_at_s.extend(timed_out)
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n
            for kind, n in kinds.items():
                result.error_kinds[kind] = result.error_kinds.get(kind, 0) + n

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * timeout_s)
    result.elapsed_s = time.monotonic() - started
    return result


def port_in_use(port: int, host: str = HOST) -> bool:
    """Whether something already listens there (a benchmark must not load someone else's)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        return probe.connect_ex((host, port)) == 0


def session_cpu_s(session: int, match: str = "gunicorn") -> float:
    """User and system CPU seconds of the live processes in ``session`` whose command
    line contains ``match`` (Linux /proc; 0.0 elsewhere).

    CPU per request stays comparable on a machine shared with other work, where
    requests/s and latency do not: the lead re-measures throughput on a quiet machine.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, pgrp, sid
        if int(fields[3]) == session and match.encode() in command:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_ready(
    port: int,
    path: str = "/healthz",
    timeout_s: float = 180.0,
    process: subprocess.Popen[bytes] | None = None,
) -> float:
    """Seconds until ``path`` answers 200 (raises after ``timeout_s`` or if ``process`` ends)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before answering")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, path)[0] == 200:
                return time.monotonic() - started
        time.sleep(0.2)
    raise SystemExit(f"nothing answered 200 on {HOST}:{port}{path} in {timeout_s:.0f} s")


def env_for(var_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        ALLIANCE_VAR_DIR=str(var_dir),
        PYTHONPATH=str(ROOT / "src"),
        ALLIANCE_LOG_LEVEL="WARNING",
        # The demo's log origin and credential issuer are made from this address; the
        # server may bind another loopback port (the host is what ALLOWED_HOSTS checks).
        ALLIANCE_BASE_URL=os.environ.get("ALLIANCE_BASE_URL", "http://127.0.0.1:8000"),
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def seeded_var_dir(var_dir: Path | None) -> Iterator[Path]:
    """An already seeded var/ as given, or a temporary one seeded with `alliance demo`."""
    if var_dir is not None:
        if not (var_dir / "demo-logins.json").exists():
            print(f"seeding the demo into {var_dir} ...", flush=True)
            subprocess.run([*ALLIANCE, "demo"], env=env_for(var_dir), check=True)
        yield var_dir
        return
    with tempfile.TemporaryDirectory(prefix="alliance-load-") as tmp:
        print(f"seeding the demo into {tmp} (a few minutes) ...", flush=True)
        subprocess.run(
            [*ALLIANCE, "demo"], env=env_for(Path(tmp)), check=True, stdout=subprocess.DEVNULL
        )
        yield Path(tmp)


@contextlib.contextmanager
def serving(
    args: Sequence[str], env: dict[str, str], port: int, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server command in its own session; SIGTERM it (and its group) afterwards."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        list(args), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if log:
            out.close()  # type: ignore[union-attr]


SESSION_SCRIPT = """
import json, sys
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(email=sys.argv[-1]))
print(json.dumps({"name": settings.SESSION_COOKIE_NAME,
                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""


def session_cookie(var_dir: Path, email: str, env: dict[str, str] | None = None) -> str:
    """A ``Cookie`` header value signing ``email`` in (a session made in the database)."""
    script = SESSION_SCRIPT.replace("sys.argv[-1]", repr(email))
    out = subprocess.run(
        [*ALLIANCE, "manage", "shell", "-c", script],
        env=env or env_for(var_dir),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cookie = json.loads(out.strip().splitlines()[-1])
    return f"{cookie['name']}={cookie['value']}"


def demo_login(var_dir: Path, role: str) -> str:
    logins = json.loads((var_dir / "demo-logins.json").read_text())
    return next(row["email"] for row in logins if row["role"] == role)


def table(results: Sequence[Result], baseline: Result | None = None) -> str:
    head = (
        f"{'page':<28}{'req/s':>8}{'median':>9}{'p99 ms':>9}{'errors':>8}{'timeouts':>9}"
        f"{'req/s÷static':>14}{'p99÷static':>12}{'server CPU ms/req':>19}"
    )
    lines = [head]
    for r in results:
        ratio_rate = ratio_p99 = "-"
        if baseline is not None and r is not baseline and baseline.rate:
            ratio_rate = f"{r.rate / baseline.rate:.2f}"
            ratio_p99 = f"{r.percentile(0.99) / baseline.percentile(0.99):.1f}"
        lines.append(
            f"{r.label:<28}{r.rate:>8.0f}{r.percentile(0.5):>9.1f}{r.percentile(0.99):>9.1f}"
            f"{r.errors:>8}{r.timeouts:>9}{ratio_rate:>14}{ratio_p99:>12}"
            f"{'-' if r.server_cpu_ms is None else f'{r.server_cpu_ms:.2f}':>19}"
        )
    return "\n".join(lines)


@dataclass
class LoadOptions:
    clients: int = 16
    seconds: float = 10.0
    var_dir: Path | None = None
    port: int = 8116
    workers: int | None = None


# The goals at 16 clients: (requests/s at least, p99 ms at most).
GOALS = {"home": (300.0, 100.0), "register": (300.0, 100.0), "dashboard": (100.0, 250.0)}


def _load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def run_load(options: LoadOptions) -> int:
    _check_bounds(HOST, options.clients, options.seconds)
    if port_in_use(options.port):
        raise SystemExit(f"{HOST}:{options.port} is already in use: choose another --port")
    with seeded_var_dir(options.var_dir) as var_dir:
        env = env_for(var_dir)
        cookie = session_cookie(var_dir, demo_login(var_dir, "partner contact"))
        serve = [*ALLIANCE, "serve", f"{HOST}:{options.port}"]
        if options.workers:
            serve += ["--workers", str(options.workers)]
        log = var_dir / "load-serve.log"
        with serving(serve, env, options.port, log=log) as server:
            up = wait_ready(options.port, process=server)
            first = time.monotonic()
            get(options.port, "/")
            first_ms = (time.monotonic() - first) * 1000
            print(
                f"alliance serve answered /healthz after {up:.1f} s; first GET / {first_ms:.0f} ms"
            )
            pages = [
                ("static file (WhiteNoise)", "/static/alliance/site.css", {}),
                ("home /", "/", {}),
                ("register /register/", "/register/", {}),
                ("dashboard (partner)", "/dashboard/", {"Cookie": cookie}),
            ]
            for _, path, headers in pages:  # warm: templates, connections, caches
                for _ in range(5):
                    code, _ = get(options.port, path, headers)
                    if code != 200:
                        raise SystemExit(f"GET {path} answered {code}; see {log}")
            print(
                f"{options.clients} clients, {options.seconds:.0f} s per page, keep-alive, "
                f"loopback (client threads share the 2 cores with the server); "
                f"load average before: {_load_average()}\n"
            )
            results = []
            for label, path, headers in pages:
                cpu_before = session_cpu_s(server.pid)
                result = hammer(
                    label,
                    path,
                    port=options.port,
                    clients=options.clients,
                    seconds=options.seconds,
                    headers=headers,
                )
                if result.count:
                    spent = session_cpu_s(server.pid) - cpu_before
                    result.server_cpu_ms = 1000 * spent / result.count
                results.append(result)
            print(f"load average after the run: {_load_average()}")
    print(table(results, baseline=results[0]))
    print()
    met = True
    for key, result in zip(("home", "register", "dashboard"), results[1:], strict=True):
        rate, p99 = GOALS[key]
        ok = (
            result.rate >= rate
            and result.percentile(0.99) <= p99
            and not result.errors
            and not result.timeouts
        )
        met &= ok
        print(
            f"goal {key:<10} >= {rate:.0f} req/s, p99 <= {p99:.0f} ms, no errors: "
            f"{'met' if ok else 'NOT met'}"
        )
    return 0 if met else 1
