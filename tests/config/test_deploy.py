"""deploy/: the compose file and systemd units run real `alliance` commands (no network)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands, load_command_class

from alliance import cli
from alliance.web import health

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit's sections and keys; repeated keys (ExecStart=) keep every value."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: {line!r} outside a section"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: {line!r} is not Key=Value"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def _check_alliance_command(argv: list[str]) -> None:
    """Fail unless ``argv`` is an `alliance` command line the CLI would accept."""
    assert Path(argv[0]).name == "alliance", argv
    command, rest = argv[1], argv[2:]
    assert command in cli.COMMANDS, argv
    if command in {"serve", "backup", "restore"}:
        cli.build_parser().parse_args([command, *rest])  # exits (SystemExit) when wrong
    elif command == "manage":
        name, options = rest[0], rest[1:]
        app = get_commands().get(name)
        assert app is not None, f"no management command {name!r}"
        load_command_class(app, name).create_parser("alliance manage", name).parse_args(options)
    else:
        assert rest == [], argv


def _alliance_lines(script: str) -> list[list[str]]:
    """Each `alliance ...` command in a shell script (split on ; and newlines)."""
    parts = re.split(r"[;\n]|\bdo\b|\bdone\b", script)
    return [shlex.split(p.strip()) for p in parts if p.strip().startswith("alliance ")]


def test_there_are_units_for_web_workers_and_the_scheduler():
    names = {path.name for path in UNITS}
    assert {"alliance-web.service", "alliance-worker@.service", "alliance-daily.service"} <= names
    assert (DEPLOY / "systemd" / "alliance-daily.timer").exists()


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_every_systemd_unit_runs_real_alliance_commands(path):
    unit = _unit(path)
    assert {"Unit", "Service"} <= unit.keys()
    service = unit["Service"]
    assert service["EnvironmentFile"] == ["/etc/alliance/alliance.env"]
    assert service["User"] == ["alliance"]
    commands = service.get("ExecStartPre", []) + service["ExecStart"]
    for line in commands:
        argv = shlex.split(line.replace("%i", "1").replace("%H", "host"))
        _check_alliance_command(argv)


def test_the_web_unit_runs_several_gunicorn_processes_and_no_embedded_worker():
    (line,) = _unit(DEPLOY / "systemd" / "alliance-web.service")["Service"]["ExecStart"]
    ns = cli.build_parser().parse_args(shlex.split(line)[1:])
    assert ns.command == "serve" and ns.workers >= 2 and ns.no_worker


def test_workers_run_rq_through_the_environment_file():
    env = dict(
        line.split("=", 1)
        for line in (DEPLOY / "systemd" / "alliance.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["ALLIANCE_TASK_BACKEND"] == "rq"
    assert env["ALLIANCE_REDIS_URL"].startswith("redis://")
    assert env["DATABASE_URL"].startswith("postgres://")
    (line,) = _unit(DEPLOY / "systemd" / "alliance-worker@.service")["Service"]["ExecStart"]
    assert shlex.split(line)[1:4] == ["manage", "rqworker", "default"]


def test_the_compose_file_has_the_layout_and_real_commands():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web1", "web2", "worker1", "worker2", "scheduler", "caddy"} <= set(
        services
    )
    checked = 0
    for name, service in services.items():
        command = service.get("command")
        if not command:
            continue
        if command[0] == "alliance":
            _check_alliance_command(command)
            checked += 1
        elif command[:2] == ["sh", "-c"]:
            lines = _alliance_lines(command[2])
            assert lines, name
            for argv in lines:
                _check_alliance_command(argv)
                checked += 1
    assert checked >= 9
    for name in ("web1", "web2", "worker1", "worker2", "scheduler"):
        env = services[name]["environment"]
        assert env["ALLIANCE_TASK_BACKEND"] == "rq"
        assert env["DATABASE_URL"].startswith("postgres://")
    # The proxy sends traffic to both web services and never exposes /metrics.
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert "web1:8000 web2:8000" in caddyfile
    assert "respond /metrics 404" in caddyfile
    assert "health_uri /readyz" in caddyfile


def test_readyz_with_rq_counts_live_rq_workers(client, db, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    monkeypatch.setattr(health, "rq_workers_and_depth", lambda: (2, 3))
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["rq_workers"] == 2 and body["checks"]["queue_depth"] == 3
    monkeypatch.setattr(health, "rq_workers_and_depth", lambda: (0, 3))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["worker"] == "gone"

    def unreachable() -> tuple[int, int]:
        raise ConnectionError("redis down")

    monkeypatch.setattr(health, "rq_workers_and_depth", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "unreachable: ConnectionError"
