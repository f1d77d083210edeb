"""Load and faults on the several-process layout: PostgreSQL, Redis, two web, two RQ workers.

    .venv/bin/python benchmarks/faults.py [--seconds 60] [--clients 32] [--keep]
    .venv/bin/python benchmarks/faults.py --from /tmp/alliance-faults-XXXX --seconds 15

Loopback only, bounded (at most 64 clients, 60 s of load, 300 s waiting for the queue to
drain). It creates its own PostgreSQL database (``alliance_faults_<pid>`` on
127.0.0.1:5432) and takes an empty Redis database (one of 1..15 on 127.0.0.1:6379),
seeds the demo, then starts what docs/operations.md describes for several machines:

- two web processes, ``alliance serve 127.0.0.1:PORT --workers 2 --threads 4 --no-worker``
  (gunicorn), on two ports, as two web machines behind the proxy;
- two task workers, ``alliance manage rqworker default --with-scheduler``
  (django-tasks' RQ backend, ALLIANCE_TASK_BACKEND=rq).

Once the demo's own queued tasks have drained, OFAC's SDN list is updated (the full list
over the demo's small fallback: up to a minute on a loaded machine, so it is loaded just
before the clients start and its re-screen runs under them). Then ``--clients``
keep-alive clients (half per web process; on each, half on public pages, half signed in
as the partner contact) load the site for ``--seconds`` while, in the background, one
worker is killed with SIGKILL (its whole process group, work horse included) once RQ's
started-job registry shows it running that update's re-screen (and still running it a
second later), then started again; every screenable organisation is queued for
screening; and at 70 % of the load the SDN list is updated again (another re-screen).

SIGTERM or SIGINT (Ctrl-C) stops the run: its web processes, RQ workers (work horses
included) and running commands are stopped, and its database and Redis database freed.
``--from`` migrates the copied database first (a folder kept before a new migration).

Afterwards it waits for the queue to drain and checks:

- **no errors**: every request answered 200, none unanswered after 30 s (gunicorn's
  worker timeout; the timeouts' times are printed beside the background's events); an
  error is named by what it was (``status 502``, ``RemoteDisconnected``…), and a failed
  run keeps its var folder, web and worker logs included;
- **every task finished exactly once**: every job enqueued during the run has exactly
  one successful run in RQ and none left queued, running, scheduled or failed; and its
  effect is in the database exactly once: one ``screening.list_rescreened`` audit event
  and one alert per re-screened list version, one ``screening.organisation_screened``
  event per queued screening. The killed task must show as retried, then finished;
- **the log verifies**: ``alliance log verify --database``, and over HTTP against a web
  process with the published key, consistent with the checkpoint saved before the run.

It prints the figures (requests, errors, p50/p99, tasks enqueued/finished/retried,
the time from the kill to the killed task's completion) and exits 1 if a check fails.
``--keep`` keeps the database and the var folder (named at the end) so that ``--from``
can start the next run from a copy of them without seeding again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import (
    ALLIANCE,
    HOST,
    MAX_CLIENTS,
    MAX_SECONDS,
    ROOT,
    Result,
    demo_login,
    get,
    hammer,
    session_cookie,
    wait_ready,
)

RETRIES = 2  # alliance.core.rq.RETRIES: every job's retries
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
REDIS_DBS = range(1, 16)
DRAIN_TIMEOUT_S = 300.0
# How long the kill waits for a worker to be seen running the re-screen.
KILL_WAIT_S = 60.0
# A client gives up on a request after gunicorn's own worker timeout (30 s, after which
# gunicorn kills the worker): an answer slower than that is a failure of the server, a
# slower one under it is latency, printed as p99 and max beside the timeouts' times.
CLIENT_TIMEOUT_S = 30.0
WEB_PORTS = (8131, 8132)
DATA = Path(os.environ.get("ALLIANCE_DATA_DIR") or ROOT.parent / "shared" / "data")
SDN_UPDATES = ("ofac/sdn_2021-07", "ofac/sdn_2022-11")
PUBLIC_PAGES = [
    "/",
    "/register/",
    "/register/partners/",
    "/register/decisions/",
    "/register/funding/",
    "/transparency/",
    "/register.json",
]
SIGNED_IN_PAGES = ["/dashboard/"]
RESCREEN = "alliance.screening.tasks.rescreen_list_version"
SCREEN = "alliance.screening.tasks.screen_organisation"

ENQUEUE_SCREENINGS = """
import json
from alliance.screening.selectors import screenable_organisations
from alliance.screening.tasks import screen_organisation
ids = [screen_organisation.enqueue(pk).id for pk in
       screenable_organisations().order_by("pk").values_list("pk", flat=True)]
print(json.dumps(ids))
"""


# --- the resources: a database, a Redis database, a var folder ----------------------------


def _psql(sql: str, database: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return json.dumps(cursor.fetchall(), default=str) if cursor.description else ""


def _rows(sql: str, database: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{PG}/{database}") as connection:
        return list(connection.execute(sql).fetchall())


def _claim_redis_db() -> int:
    """An empty Redis database, marked as ours so a parallel run takes another."""
    import redis

    for number in REDIS_DBS:
        client = redis.Redis.from_url(f"{REDIS}/{number}")
        if client.dbsize() == 0 and client.set("alliance-faults:owner", os.getpid(), nx=True):
            return number
    raise SystemExit("no empty Redis database in 1..15 on 127.0.0.1:6379")


def _redis(number: int):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(f"{REDIS}/{number}")


@dataclass
class Setup:
    database: str
    redis_db: int
    var_dir: Path
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # One-off ``alliance`` commands running now (list loads, shells): stopped with the rest.
    commands: set[subprocess.Popen[str]] = field(default_factory=set)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(ROOT / "src"),
            ALLIANCE_VAR_DIR=str(self.var_dir),
            ALLIANCE_DATA_DIR=str(DATA),
            DATABASE_URL=f"{PG}/{self.database}",
            ALLIANCE_TASK_BACKEND="rq",
            ALLIANCE_REDIS_URL=f"{REDIS}/{self.redis_db}",
            ALLIANCE_LOG_LEVEL="WARNING",
            # Both web processes are one site: one base URL (loopback; the port differs).
            ALLIANCE_BASE_URL="http://127.0.0.1:8000",
        )
        env.update(extra)
        return env

    def run(self, *args: str, capture: bool = False, quiet: bool = False) -> str:
        """``alliance *args`` to its end (``check``); its output if ``capture``. Tracked,
        so that stopping the script stops it too."""
        command = [*ALLIANCE, *args]
        with self.lock:
            if self.stopping.is_set():
                raise Stopped(command)
            process = subprocess.Popen(
                command,
                env=self.env(),
                stdout=subprocess.PIPE if capture else subprocess.DEVNULL if quiet else None,
                stderr=subprocess.PIPE if capture else None,
                text=True,
            )
            self.commands.add(process)
        try:
            out, err = process.communicate()
        finally:
            with self.lock:
                self.commands.discard(process)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command, out, err)
        return out if capture else ""

    def start(self, name: str, args: list[str], **extra: str) -> subprocess.Popen[bytes]:
        with self.lock:
            if self.stopping.is_set():  # the script is stopping: start nothing new
                raise Stopped([*ALLIANCE, *args])
            log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
            process = subprocess.Popen(
                [*ALLIANCE, *args],
                env=self.env(**extra),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: gunicorn's or the work horse
            )
            log.close()
            self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)

    def kill_tree(self, name: str) -> list[int]:
        """SIGKILL the process, its group and every descendant: RQ's work horse calls
        setsid(), so killing the worker's group alone leaves the task running."""
        tree = _descendants(self.processes[name].pid)
        self.kill(name)
        for pid in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return tree

    def stop_all(self) -> None:
        """Stop every process the script started: SIGTERM to each process group (SIGKILL
        after 30 s) and to the one-off commands; then SIGKILL to every process below the
        script that is still there (RQ's work horse is in a session of its own, so its
        worker's group does not include it)."""
        with self.lock:
            self.stopping.set()  # from here on, start() and run() start nothing
            commands = list(self.commands)
        tree = _identities(_descendants(os.getpid()))
        for command in commands:
            with contextlib.suppress(ProcessLookupError):
                command.terminate()
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        for name, process in list(self.processes.items()):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill(name)
                process.wait(timeout=10)
        for command in commands:
            try:
                command.wait(timeout=10)
            except subprocess.TimeoutExpired:
                command.kill()
                command.wait(timeout=10)
        for pid, started in tree.items():
            if _identities([pid]).get(pid) == started:  # the same process, not a reused pid
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.processes.clear()


def _ignore_signals() -> None:
    """While cleaning up: a signal must not interrupt the stopping of the children."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class Stopped(Exception):
    """The script is stopping (a signal): nothing new is started."""


def _stop_on_signals() -> None:
    """SIGTERM and SIGINT end the run through its ``finally`` (which stops the children
    and drops the database); a second signal during that clean-up is ignored."""

    def handler(signum: int, _frame: Any) -> None:
        _ignore_signals()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _identities(pids: list[int]) -> dict[int, str]:
    """Each live pid's start time (field 22 of /proc/PID/stat): tells a process from a
    later one that reused its pid."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if stat[0] != "Z":
                found[pid] = stat[19]
    return found


def _worker_args(name: str) -> list[str]:
    return ["manage", "rqworker", "default", "--with-scheduler", "--name", name]


def _web_args(port: int) -> list[str]:
    return ["serve", f"{HOST}:{port}", "--workers", "2", "--threads", "4", "--no-worker"]


# --- RQ's view of the jobs ----------------------------------------------------------------


def _job_ids(connection) -> set[str]:  # type: ignore[no-untyped-def]
    return {key.decode().split(":", 2)[2] for key in connection.scan_iter("rq:job:*")}


def _queue_state(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What RQ holds, read without cleaning its registries: the script only watches (a
    cleanup here would handle an abandoned job, and run its callback, in this process
    instead of a worker's)."""
    from rq import Queue

    queue = Queue("default", connection=connection)
    return {
        "queued": queue.count,
        "started": queue.started_job_registry.get_job_count(cleanup=False),
        "scheduled": queue.scheduled_job_registry.get_job_count(cleanup=False),
        "failed": queue.failed_job_registry.get_job_count(cleanup=False),
    }


def _drain(connection, timeout_s: float) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """Seconds until nothing is queued, running or scheduled; and the problem if never."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        state = _queue_state(connection)
        if not (state["queued"] or state["started"] or state["scheduled"]):
            return time.monotonic() - started, ""
        time.sleep(0.5)
    return timeout_s, f"the queue did not drain in {timeout_s:.0f} s: {_queue_state(connection)}"


def _wait_workers(connection, count: int, timeout_s: float) -> None:  # type: ignore[no-untyped-def]
    """Until ``count`` RQ workers are registered (each registers after its warm-up)."""
    from rq import Worker

    started = time.monotonic()
    while Worker.count(connection=connection) < count:
        if time.monotonic() - started > timeout_s:
            raise SystemExit(f"fewer than {count} RQ workers after {timeout_s:.0f} s")
        time.sleep(0.5)


@dataclass
class JobRecord:
    id: str
    func: str
    args: list[Any]
    status: str
    successes: int
    failures: int
    retries_spent: int
    ended_at: float | None


def _jobs(connection, ids: set[str]) -> list[JobRecord]:  # type: ignore[no-untyped-def]
    from rq.job import Job
    from rq.results import Result as RQResult

    records = []
    for job_id in sorted(ids):
        job = Job.fetch(job_id, connection=connection)
        results = job.results()
        records.append(
            JobRecord(
                id=job_id,
                func=job.func_name or "",
                args=list(job.args),
                status=str(getattr(job.get_status(), "value", job.get_status())),
                successes=sum(r.type == RQResult.Type.SUCCESSFUL for r in results),
                failures=sum(r.type == RQResult.Type.FAILED for r in results),
                retries_spent=RETRIES - (job.retries_left or 0),
                ended_at=job.ended_at.timestamp() if job.ended_at else None,
            )
        )
    return records


def _running_job(connection, worker: str) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """(job id, function) of the job ``worker`` is running, if any (from the queue's
    started-job registry: RQ's Worker object knows its job only in its own process)."""
    from rq import Queue
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    registry = Queue("default", connection=connection).started_job_registry
    for job_id in registry.get_job_ids(cleanup=False):  # watch only (see _queue_state)
        try:
            job = Job.fetch(job_id, connection=connection)
        except NoSuchJobError:
            continue
        if job.worker_name == worker:
            return job_id, job.func_name or ""
    return None


# --- the run ------------------------------------------------------------------------------


@dataclass
class Faults:
    killed_worker: str | None = None
    killed_job: str | None = None
    killed_func: str | None = None
    killed_at: float | None = None
    killed_pids: list[int] = field(default_factory=list)
    restarted_at: float | None = None
    list_updates: list[str] = field(default_factory=list)
    screenings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # (time.monotonic(), what happened): printed as seconds into the load (negative:
    # before the clients started), to read the timeouts against.
    events: list[tuple[float, str]] = field(default_factory=list)


def _kill_mid_task(setup: Setup, faults: Faults, connection: Any, func: str) -> None:
    """SIGKILL a worker (its process group: the work horse too) once the started-job
    registry shows it running a ``func`` task and still running it a second later; then
    start a new worker in its place."""
    deadline = time.monotonic() + KILL_WAIT_S
    while time.monotonic() < deadline and not setup.stopping.is_set():
        for name in [n for n in ("w1", "w2") if setup.processes[n].poll() is None]:
            running = _running_job(connection, name)
            if running is None or running[1] != func:
                continue
            time.sleep(1.0)  # well inside the task
            if _running_job(connection, name) != running:
                continue  # it ended first: wait for the next one
            faults.killed_worker, (faults.killed_job, faults.killed_func) = name, running
            faults.killed_at = time.time()
            faults.killed_pids = setup.kill_tree(name)
            setup.processes[name].wait(timeout=10)
            time.sleep(2.0)
            # A new name: RQ refuses a second worker named like one whose key lives on.
            setup.start(f"{name}b", _worker_args(f"{name}b"))
            faults.restarted_at = time.time()
            return
        time.sleep(0.05)
    faults.problems.append(f"no worker was seen running {func} in {KILL_WAIT_S:.0f} s")


@dataclass
class LoadClock:
    """When the clients start: set by the background once the first list update is
    loaded (``go``), read by the main thread."""

    go: threading.Event = field(default_factory=threading.Event)
    started: float | None = None

    def start(self) -> None:
        self.started = time.monotonic()
        self.go.set()


def _background(setup: Setup, faults: Faults, seconds: float, clock: LoadClock) -> None:
    """The first list update, then -- the clients start as soon as it is loaded -- the
    kill during its re-screen (a re-screen takes several seconds, a screening well under
    one with the shared index) and the screenings; the second list update at 70 % of the
    load. The first update's load runs just before the clients: it replaces the demo's
    small SDN fallback with the full list, which takes up to a minute on a loaded machine
    (longer than the load itself, so a kill after it fell outside the load)."""
    connection = _redis(setup.redis_db)

    def event(what: str) -> None:
        faults.events.append((time.monotonic(), what))

    def enqueue_screenings() -> None:
        try:
            out = setup.run("manage", "shell", "-c", ENQUEUE_SCREENINGS, capture=True)
        except (subprocess.CalledProcessError, Stopped) as error:
            faults.problems.append(f"queueing the screenings: {error}")
            return
        faults.screenings = json.loads(out.splitlines()[-1])
        event(f"{len(faults.screenings)} screenings queued")

    def load_update(update: str) -> None:
        event(f"list update {update} starts")
        out = setup.run("manage", "screening_load", str(DATA / "lists" / update), capture=True)
        event(f"list update {update} loaded (its re-screen queued)")
        faults.list_updates.append(out.strip())

    # Beside the re-screen, not before it: each command starts Django (seconds on a
    # loaded machine) and the kill should land while the clients run.
    screenings = threading.Thread(target=enqueue_screenings, daemon=True)
    try:
        try:
            load_update(SDN_UPDATES[0])
        finally:
            clock.start()  # the clients start, whatever happened
        screenings.start()
        _kill_mid_task(setup, faults, connection, RESCREEN)
        if faults.killed_at:
            event(f"killed {faults.killed_worker} during its re-screen")
        assert clock.started is not None
        for update in SDN_UPDATES[1:]:
            time.sleep(max(0.0, clock.started + seconds * 0.7 - time.monotonic()))
            load_update(update)
    except Exception as error:  # reported as a failed check, not a crash of the load
        faults.problems.append(f"background: {type(error).__name__}: {error}")
    finally:
        if screenings.ident is not None:  # started
            screenings.join()


def _load(ports: tuple[int, int], cookie: str, clients: int, seconds: float) -> list[Result]:
    """Half the clients on each web process; on each, half public, half signed in."""
    plans: list[tuple[str, int, list[str], dict[str, str]]] = []
    quarter = max(clients // 4, 1)
    for port in ports:
        plans.append((f"public :{port}", port, PUBLIC_PAGES, {}))
        plans.append((f"signed in :{port}", port, SIGNED_IN_PAGES, {"Cookie": cookie}))
    results: list[Result] = []
    lock = threading.Lock()

    def one(label: str, port: int, paths: list[str], headers: dict[str, str]) -> None:
        result = hammer(label, paths[0], port=port, clients=quarter, seconds=seconds,
                        headers=headers, paths=paths, timeout_s=CLIENT_TIMEOUT_S)  # fmt: skip
        with lock:
            results.append(result)

    threads = [threading.Thread(target=one, args=plan, daemon=True) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results, key=lambda r: r.label)


def _log_verify(setup: Setup, port: int, before: Path) -> list[str]:
    problems = []
    database = subprocess.run([*ALLIANCE, "log", "verify", "--database"], env=setup.env(),
                              capture_output=True, text=True)  # fmt: skip
    if database.returncode != 0 or "VERIFIED" not in database.stdout:
        problems.append(f"log verify --database: {database.stdout}{database.stderr}".strip())
    status, key = get(port, "/transparency/key")
    key_file = setup.var_dir / "faults-verifier.key"
    key_file.write_bytes(key)
    http = subprocess.run(
        [*ALLIANCE, "log", "verify", "--url", f"http://{HOST}:{port}", "--key", str(key_file),
         "--older", str(before)],
        env=setup.env(), capture_output=True, text=True,
    )  # fmt: skip
    if status != 200 or http.returncode != 0:
        problems.append(f"log verify --url: {http.stdout}{http.stderr}".strip())
    return problems


def _effects(setup: Setup, mark: int) -> tuple[Counter[str], Counter[str], int]:
    """Per list version and per organisation, the audit events written after ``mark``;
    and the re-screened versions' alerts."""
    rows = _rows(
        f"SELECT verb, object_id FROM core_auditevent WHERE id > {mark} AND verb IN "
        "('screening.list_rescreened', 'screening.organisation_screened')",
        setup.database,
    )
    rescreened = Counter(o for v, o in rows if v == "screening.list_rescreened")
    screened = Counter(o for v, o in rows if v == "screening.organisation_screened")
    ids = ",".join(rescreened) or "0"
    alerts = _rows(f"SELECT count(*) FROM screening_screeningalert WHERE version_id IN ({ids})",
                   setup.database)[0][0]  # fmt: skip
    return rescreened, screened, int(alerts)


def _check_tasks(jobs: list[JobRecord], effects: Any, faults: Faults) -> list[str]:
    rescreened, screened, alerts = effects
    problems = []
    for job in jobs:
        if job.status != "finished" or job.successes != 1:
            problems.append(
                f"task {job.func}{tuple(job.args)} ({job.id}): {job.status}, "
                f"{job.successes} successful runs"
            )
    wanted_rescreens = Counter(str(j.args[0]) for j in jobs if j.func == RESCREEN)
    wanted_screens = Counter(str(j.args[0]) for j in jobs if j.func == SCREEN)
    # A re-screen task also applies an earlier waiting version of the same list (at most
    # once, guarded by rescreened_at): count versions, each exactly once.
    for version, count in rescreened.items():
        if count != 1:
            problems.append(f"list version {version} re-screened {count} times")
    for version in wanted_rescreens:
        if rescreened[version] != 1:
            problems.append(f"list version {version}: re-screen task without its effect")
    if alerts != len(rescreened):
        problems.append(f"{alerts} alerts for {len(rescreened)} re-screened versions")
    if screened != wanted_screens:
        problems.append(f"organisation screenings: queued {dict(wanted_screens)}, "
                        f"done {dict(screened)}")  # fmt: skip
    if faults.killed_job:
        killed = next((j for j in jobs if j.id == faults.killed_job), None)
        if killed is None or killed.retries_spent < 1:
            problems.append(f"the killed task {faults.killed_job} does not show its lost run")
    return problems


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(ns: argparse.Namespace) -> int:
    started_all = time.monotonic()
    for update in SDN_UPDATES:
        if not (DATA / "lists" / update).is_dir():
            raise SystemExit(f"{DATA / 'lists' / update} not found: set ALLIANCE_DATA_DIR")
    redis_db = _claim_redis_db()
    database = f"alliance_faults_{os.getpid()}"
    var_dir = Path(tempfile.mkdtemp(prefix="alliance-faults-"))
    logs = var_dir / "logs"
    logs.mkdir()
    setup = Setup(database, redis_db, var_dir, logs)
    connection = _redis(redis_db)
    print(f"database {database}, Redis db {redis_db}, var {var_dir}", flush=True)
    failed = False
    try:
        seeded_at = time.monotonic()
        if ns.from_dir:
            source = Path(ns.from_dir)
            kept = json.loads((source / "faults-kept.json").read_text())
            shutil.copytree(source, var_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
                "logs", "prometheus*", "faults-kept.json"))  # fmt: skip
            _psql(f'CREATE DATABASE "{database}" TEMPLATE "{kept["database"]}"')
            print(f"copied the seeded demo from {source} ({kept['database']})", flush=True)
            # Kept before a newer migration landed: bring the copy up to date (else the
            # web processes' /readyz reports the migrations pending until the timeout).
            setup.run("migrate", "--verbosity", "0")
        else:
            _psql(f'CREATE DATABASE "{database}"')
            print("seeding the demo on PostgreSQL (a few minutes) ...", flush=True)
            setup.run("migrate", "--verbosity", "0")
            setup.run("demo", quiet=True)
        seeded_s = time.monotonic() - seeded_at
        cookie = session_cookie(var_dir, demo_login(var_dir, "partner contact"), setup.env())

        for name in ("w1", "w2"):
            setup.start(name, _worker_args(name))
        for n, port in enumerate(WEB_PORTS, 1):
            # As on two machines: each its own static files (collected at start) and
            # metrics folder; the database, Redis, keys and media are shared.
            (var_dir / f"prometheus-web{n}").mkdir(exist_ok=True)
            setup.start(f"web{n}", _web_args(port),
                        PROMETHEUS_MULTIPROC_DIR=str(var_dir / f"prometheus-web{n}"),
                        ALLIANCE_STATIC_ROOT=str(var_dir / f"static-web{n}"))  # fmt: skip
        # Workers register once warmed up (minutes on a busy machine, the first time).
        _wait_workers(connection, 2, DRAIN_TIMEOUT_S)
        for n, port in enumerate(WEB_PORTS, 1):
            wait_ready(port, "/readyz", timeout_s=DRAIN_TIMEOUT_S,
                       process=setup.processes[f"web{n}"])  # fmt: skip
        drained, problem = _drain(connection, DRAIN_TIMEOUT_S)
        if problem:
            raise SystemExit(f"before the load: {problem}")
        print(f"ready: 2 web processes, 2 RQ workers; the demo's tasks drained in "
              f"{drained:.1f} s", flush=True)  # fmt: skip
        for path in PUBLIC_PAGES:  # warm each process's templates and page cache
            for port in WEB_PORTS:
                get(port, path)
        before = var_dir / "faults-before.checkpoint"
        status, checkpoint = get(WEB_PORTS[0], "/transparency/checkpoint")
        if status != 200:
            raise SystemExit(f"GET /transparency/checkpoint answered {status}")
        before.write_bytes(checkpoint)
        mark = int(_rows("SELECT coalesce(max(id), 0) FROM core_auditevent", database)[0][0])
        jobs_before = _job_ids(connection)

        print(f"the first list update ({SDN_UPDATES[0]}), then {ns.clients} clients for "
              f"{ns.seconds:.0f} s; a killed worker, screenings and the second update in the "
              "background ...", flush=True)  # fmt: skip
        faults = Faults()
        clock = LoadClock()
        background = threading.Thread(
            target=_background, args=(setup, faults, ns.seconds, clock), daemon=True
        )
        background.start()
        clock.go.wait()  # the first list update is loaded: its re-screen is queued
        assert clock.started is not None
        load_started = clock.started
        results = _load(WEB_PORTS, cookie, ns.clients, ns.seconds)
        background.join()
        load_s = time.monotonic() - load_started
        drained, problem = _drain(connection, DRAIN_TIMEOUT_S)

        jobs = _jobs(connection, _job_ids(connection) - jobs_before)
        problems = list(faults.problems) + ([problem] if problem else [])
        problems += _check_tasks(jobs, _effects(setup, mark), faults)
        problems += _log_verify(setup, WEB_PORTS[1], before)
        errors = sum(r.errors for r in results)
        timeouts = sum(r.timeouts for r in results)
        if errors or timeouts:
            kinds = Counter[str]()
            for r in results:
                kinds.update(r.error_kinds)
            what = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
            problems.append(f"{errors} HTTP errors ({what or 'none'}), {timeouts} timeouts")

        latencies = [ms for r in results for ms in r.latencies_ms]
        print()
        print(f"{'clients':<28}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
              f"{'max ms':>8}{'errors':>8}{'timeouts':>9}")  # fmt: skip
        for r in [*results, None]:
            label = r.label if r else "all"
            values = r.latencies_ms if r else latencies
            count = len(values)
            rate = count / (r.elapsed_s if r else load_s)
            err = r.errors if r else errors
            tmo = r.timeouts if r else timeouts
            print(f"{label:<28}{count:>9}{rate:>8.0f}{_percentile(values, 0.5):>8.0f}"
                  f"{_percentile(values, 0.99):>8.0f}{max(values, default=0):>8.0f}"
                  f"{err:>8}{tmo:>9}")  # fmt: skip
        print(f"client timeout {CLIENT_TIMEOUT_S:.0f} s; load average after the load: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
        timeouts_at = sorted(t for r in results for t in r.timeouts_at_s)
        if timeouts_at:
            print("timeouts at (s into the load): "
                  + ", ".join(f"{t:.1f}" for t in timeouts_at))  # fmt: skip
        events = [f"{t - load_started:.1f} {what}" for t, what in faults.events]
        print("events (s into the load): " + "; ".join(events))
        retried = [j for j in jobs if j.retries_spent]
        by_func = Counter(j.func.rsplit(".", 1)[-1] for j in jobs)
        print()
        print(f"tasks enqueued {len(jobs)} ({', '.join(f'{f} {n}' for f, n in by_func.items())}); "
              f"finished once {sum(j.successes == 1 and j.status == 'finished' for j in jobs)}; "
              f"retried {len(retried)}; lost or failed "
              f"{sum(j.status != 'finished' for j in jobs)}; "
              f"run twice {sum(j.successes > 1 for j in jobs)}")  # fmt: skip
        for line in faults.list_updates:
            print(f"list update: {line.splitlines()[-1] if line else ''}")
        if faults.killed_job and faults.killed_at:
            killed = next((j for j in jobs if j.id == faults.killed_job), None)
            done = (killed.ended_at - faults.killed_at) if killed and killed.ended_at else None
            print(f"killed worker {faults.killed_worker} (SIGKILL, work horse included) during "
                  f"{faults.killed_func.rsplit('.', 1)[-1] if faults.killed_func else '?'} "
                  f"{faults.killed_job} (pids {faults.killed_pids}); "
                  f"restarted as {faults.killed_worker}b after "
                  f"{(faults.restarted_at or 0) - faults.killed_at:.1f} s; the task finished "
                  + (f"{done:.1f} s after the kill" if done is not None else "never"))  # fmt: skip
        print(f"queue drained {drained:.1f} s after the load; seeding {seeded_s:.0f} s; "
              f"total {time.monotonic() - started_all:.0f} s")  # fmt: skip
        print()
        if problems:
            failed = True
            for problem in problems:
                print(f"FAILED: {problem}")
            print(f"logs (kept): {logs}")
            return 1
        print("PASSED: zero errors, every task finished exactly once, the log verifies")
        return 0
    finally:
        _ignore_signals()
        setup.stop_all()
        connection.flushdb()
        if ns.keep:
            (var_dir / "faults-kept.json").write_text(json.dumps({"database": database}))
            print(f"kept: --from {var_dir} (database {database})")
        else:
            with contextlib.suppress(Exception):
                _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            # A failed run keeps its logs: its errors are read there, not rerun to recur.
            if not (ns.keep_logs or failed):
                shutil.rmtree(var_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="load time (at most 60)")
    parser.add_argument("--clients", type=int, default=32, help="clients (at most 64)")
    parser.add_argument("--keep", action="store_true", help="keep the database and var folder")
    parser.add_argument("--keep-logs", action="store_true", help="keep the var folder's logs")
    parser.add_argument("--from", dest="from_dir", help="start from a --keep run's var folder")
    ns = parser.parse_args(argv)
    if not 0 < ns.seconds <= MAX_SECONDS:
        raise SystemExit(f"--seconds must be in (0, {MAX_SECONDS:.0f}]")
    if not 4 <= ns.clients <= MAX_CLIENTS:
        raise SystemExit(f"--clients must be 4..{MAX_CLIENTS}")
    _stop_on_signals()
    return run(ns)


if __name__ == "__main__":
    sys.exit(main())
