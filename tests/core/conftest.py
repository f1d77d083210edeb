"""RQ's workers install their own SIGINT and SIGTERM handlers when they start working
and never put the old ones back: a test that runs one in the test process restores them,
so a later stop of the test run is not turned into rq's StopRequested."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _signal_handlers_restored() -> Iterator[None]:
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)
