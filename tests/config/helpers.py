"""Run the real `alliance` command in a throw-away instance (its own var/ and database)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import queue
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def free_port() -> int:
    # A port the OS picks: never one a previous test's server (still shutting down, or
    # orphaned by a kill -9) may answer on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    var: Path
    database_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def env(self, **more: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ALLIANCE_", "DJANGO_", "DATABASE_URL", "PYTEST"))
        }
        env.update(
            ALLIANCE_VAR_DIR=str(self.var),
            DJANGO_SETTINGS_MODULE="alliance.config.settings",
            ALLIANCE_LOG_LEVEL="WARNING",
            # One collected static folder for every instance of the run (collectstatic
            # compresses megabytes of assets; once is enough).
            ALLIANCE_STATIC_ROOT=str(Path(tempfile.gettempdir()) / "alliance-test-static"),
            **self.extra,
            **more,
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def run(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "alliance.cli", *args],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"alliance {' '.join(args)}: {done.returncode}\n{done.stderr}")
        return done

    def migrate(self) -> None:
        """``alliance migrate`` on this instance. On SQLite the database file starts as a
        copy of one migrated (by the same command) once per run: replaying every
        migration costs each test seconds of CPU. ``migrate`` still runs here, finds
        nothing to apply and runs the post-migrate steps, as on an upgraded install."""
        if not self.database_url:
            self.var.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(_migrated_sqlite(), self.var / "alliance.sqlite3")
        self.run("migrate", "-v0")

    def python(self, code: str, **env: str) -> str:
        """Run ``code`` in Django's shell of this instance; its standard output."""
        return self.run("manage", "shell", "--no-imports", "-c", code, **env).stdout

    def spawn(self, *args: str, **env: str) -> Child:
        """``alliance *args`` in the background: its standard error (and, for a server,
        everything it prints) goes to a log file that a failing test prints."""
        return Child.start([sys.executable, "-m", "alliance.cli", *args], self.env(**env), self)

    def log_path(self, name: str) -> Path:
        folder = self.var.parent / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        n = len(list(folder.glob(f"{name}-*.log")))
        return folder / f"{name}-{n}.log"


def _migrated_sqlite() -> Path:
    """A SQLite database migrated by ``alliance migrate``, made once per run (the xdist
    workers of one run share it; a file lock lets the first make it)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    folder = Path(tempfile.gettempdir()) / f"alliance-test-migrated-{run}"
    folder.mkdir(exist_ok=True)
    database = folder / "var" / "alliance.sqlite3"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not database.exists():
            Instance(folder / "making").run("migrate", "-v0")
            database.parent.mkdir(exist_ok=True)
            partial = database.with_suffix(".partial")
            # SQLite's backup: one consistent file, whatever its write-ahead log holds.
            made = sqlite3.connect(folder / "making" / "alliance.sqlite3")
            copy = sqlite3.connect(partial)
            made.backup(copy)
            copy.close()
            made.close()
            partial.rename(database)
    return database


# How long a test waits for a server to be ready, or for a child's next line: bounded,
# generous for a loaded CI machine (ALLIANCE_TEST_READY_TIMEOUT overrides it).
READY_TIMEOUT = float(os.environ.get("ALLIANCE_TEST_READY_TIMEOUT", "180"))


class Child:
    """A background ``alliance`` process. Its standard output is read line by line by a
    thread (so a full pipe never blocks it, and a test can wait for a line with a
    timeout); its standard error goes to ``log``."""

    def __init__(self, process: subprocess.Popen[str], log: Path, log_file: Any) -> None:
        self.process = process
        self.log = log
        self._log_file = log_file
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, command: list[str], env: dict[str, str], instance: Instance) -> Child:
        log = instance.log_path(command[3] if len(command) > 3 else "alliance")
        log_file = log.open("a")  # appended to by the child and by the reader thread
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=log_file, text=True
        )
        return cls(process, log, log_file)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log_file.write(line)
            self._log_file.flush()
            self._lines.put(line)
        self._lines.put(None)

    @property
    def pid(self) -> int:
        return self.process.pid

    def read_line(self, timeout: float = READY_TIMEOUT) -> str:
        """The next line it prints; fails (with its log) if none comes within ``timeout``
        seconds or it stops printing."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output within {timeout}s\n{self.logged()}") from None
        if line is None:
            self._lines.put(None)
            raise AssertionError(f"it stopped (exit {self.process.poll()})\n{self.logged()}")
        return line

    def logged(self, lines: int = 80) -> str:
        """The end of what it logged, for a failure message."""
        self._log_file.flush()
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- {self.log.name} (last {lines} lines) ---\n{tail}\n--- end ---"

    def send_signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def poll(self) -> int | None:
        return self.process.poll()

    def wait(self, timeout: float | None = None) -> int:
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        """Stop it if it still runs (SIGTERM, then SIGKILL) and close its files."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        self._log_file.close()


def wait_ready(url: str, child: Child, *, worker: bool, timeout: float = READY_TIMEOUT) -> None:
    """Poll ``url``/readyz until the server is ready, within ``timeout`` seconds: the
    database answers and every migration is applied (and, with its embedded worker, the
    worker beats). Fails with the server's log if it exits or the time runs out."""
    deadline = time.monotonic() + timeout
    pause = 0.1
    last = "no answer yet"
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(f"the server exited {child.poll()}\n{child.logged()}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:  # 503: up, but not ready yet
            body = json.loads(error.read() or b"{}")
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as error:
            last = repr(error)
            body = None
        if body is not None:
            checks = body.get("checks", {})
            last = json.dumps(body)
            up = checks.get("database") == "ok" and checks.get("migrations") == "ok"
            if up and (not worker or body.get("status") == "ready"):
                return
        time.sleep(pause)
        pause = min(pause * 1.5, 1.0)
    raise AssertionError(f"{url} was not ready within {timeout}s (last: {last})\n{child.logged()}")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            text = stat.read_text()
            fields = text[text.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@contextlib.contextmanager
def serving(instance: Instance, *args: str, **env: str) -> Iterator[tuple[str, Child]]:
    """``alliance serve`` on a free port, once /readyz says it is ready; stopped after.
    If the block fails, what the server logged is printed with the failure."""
    port = free_port()
    child = instance.spawn("serve", f"127.0.0.1:{port}", "--workers", "1", *args, **env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, child, worker="--no-worker" not in args)
        yield url, child
    except BaseException:
        print(child.logged(200), file=sys.stderr)
        raise
    finally:
        child.close()
