"""Process health: the worker heartbeat and the readiness checks behind /readyz."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

HEARTBEAT_KEY = "alliance:worker-heartbeat"
# A worker beats every HEARTBEAT_EVERY seconds; none for HEARTBEAT_STALE means it is gone.
HEARTBEAT_EVERY = 10.0
HEARTBEAT_STALE = 60.0

_migrations_done = False


def worker_beat(worker_id: str) -> None:
    """Record that a task worker is alive (called by `alliance worker` on a timer)."""
    cache.set(HEARTBEAT_KEY, {"at": time.time(), "worker": worker_id}, timeout=None)


def _migrations_applied() -> bool:
    global _migrations_done
    if not _migrations_done:  # once applied they stay applied: check until true
        executor = MigrationExecutor(connection)
        _migrations_done = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_done


def uses_rq() -> bool:
    from django.conf import settings

    return bool(settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq."))


def rq_workers_and_depth() -> tuple[int, int]:
    """Live RQ workers (each keeps a key with a TTL in Redis) and jobs queued, on ``default``."""
    import django_rq
    from rq import Worker

    queue = django_rq.get_queue("default")
    return Worker.count(connection=queue.connection), queue.count


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every readiness check and whether all pass."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means unreachable
        checks["database"] = f"unreachable: {type(exc).__name__}"
        return False, checks
    checks["migrations"] = "ok" if _migrations_applied() else "pending"
    if uses_rq():
        try:
            workers, depth = rq_workers_and_depth()
        except Exception as exc:  # any Redis error means the queue is unreachable
            checks["worker"] = f"unreachable: {type(exc).__name__}"
            return False, checks
        checks["rq_workers"] = workers
        checks["worker"] = "ok" if workers else "gone"
        checks["queue_depth"] = depth
        _checkpoint(checks)
        return checks["migrations"] == "ok" and checks["worker"] == "ok", checks
    beat = cache.get(HEARTBEAT_KEY)
    age = None if beat is None else time.time() - float(beat["at"])
    checks["worker_heartbeat_age_s"] = None if age is None else round(age, 1)
    # No beat yet is a worker still starting (e.g. compiling the screening engine), not
    # one that died; both are unready, but an operator reading /readyz should know which.
    if age is None:
        checks["worker"] = "starting"
    else:
        checks["worker"] = "ok" if age < HEARTBEAT_STALE else "gone"
    from django_tasks_db.models import DBTaskResult

    checks["queue_depth"] = DBTaskResult.objects.ready().count()
    _checkpoint(checks)
    ready = checks["migrations"] == "ok" and checks["worker"] == "ok"
    return ready, checks


def _checkpoint(checks: dict[str, Any]) -> None:
    from alliance.transparency.models import Checkpoint

    latest = Checkpoint.objects.order_by("-id").values("issued_at", "size").first()
    if latest is not None:
        from django.utils import timezone

        checks["checkpoint_age_s"] = round((timezone.now() - latest["issued_at"]).total_seconds())
        checks["log_size"] = latest["size"]
