"""Calls run at once in threads, each on its own database connection, for the tests of
row locks (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connections

# A thread still running after this long waits on a lock that will never be released:
# the test fails instead of holding the run.
THREAD_TIMEOUT_S = 120.0


def run_at_once(calls: Sequence[Callable[[], object]]) -> list[BaseException]:
    """Run every call in a thread of its own, released together; the errors they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT_S)
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()  # each thread used its own connection

    threads = [threading.Thread(target=run, args=(call,), daemon=True) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THREAD_TIMEOUT_S)
    stuck = sum(thread.is_alive() for thread in threads)
    assert not stuck, f"{stuck} of {len(threads)} threads still running after {THREAD_TIMEOUT_S} s"
    return errors
