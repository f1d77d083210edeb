"""The database-backed task worker, plus a heartbeat that /readyz reads."""

from __future__ import annotations

import threading
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from alliance.web.health import HEARTBEAT_EVERY, worker_beat


class Command(DBWorkerCommand):
    help = "Run the database-backed task worker with a readiness heartbeat."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = str(options.get("worker_id") or "worker")
        stop = threading.Event()

        def beat() -> None:
            while not stop.is_set():
                try:
                    worker_beat(worker_id)
                finally:
                    close_old_connections()
                stop.wait(HEARTBEAT_EVERY)

        threading.Thread(target=beat, name="heartbeat", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
