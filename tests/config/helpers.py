"""Run the real `alliance` command in a throw-away instance (its own var/ and database)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


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

    def python(self, code: str, **env: str) -> str:
        """Run ``code`` in Django's shell of this instance; its standard output."""
        return self.run("manage", "shell", "--no-imports", "-c", code, **env).stdout

    def spawn(self, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "alliance.cli", *args],
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def wait_http(url: str, process: subprocess.Popen[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout}s")


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
def serving(
    instance: Instance, *args: str, **env: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = instance.spawn("serve", f"127.0.0.1:{port}", "--workers", "1", *args, **env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/transparency/checkpoint", process)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
