"""A small thread-safe LRU kept in this process's memory (the page and fragment caches)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any


class Memory:
    """At most ``size`` entries, least recently used dropped first; with ``max_age``
    (seconds), an entry older than that is a miss."""

    def __init__(self, size: int, max_age: float | None = None) -> None:
        self.size = size
        self.max_age = max_age
        self.items: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> tuple[bool, Any]:
        """(found, value): a stored value may itself be None."""
        with self.lock:
            stored = self.items.get(key)
            if stored is None or (
                self.max_age is not None and time.monotonic() - stored[0] > self.max_age
            ):
                self.misses += 1
                return False, None
            self.items.move_to_end(key)
            self.hits += 1
            return True, stored[1]

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        with self.lock:
            self.items[key] = (time.monotonic(), value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.hits = self.misses = 0
