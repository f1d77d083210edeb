"""Keeping a built screener out of the garbage collector's way.

A screener lives as long as its process and is never changed after its build, but its
entries, names and vocabulary are hundreds of thousands of objects the collector
tracks: every full collection (one every few thousand queries, as the scorer's memos
grow) re-scans them all, a third of a second for UN + OFAC SDN. Once built, they are
moved to the collector's permanent generation (``gc.freeze``), which it never scans;
they are still freed by reference counting when the screener goes.
"""

from __future__ import annotations

import gc

# Below this many name rows a full collection costs little: small screeners (tests,
# warm-ups) are left as they are.
LONG_LIVED_ROWS = 10_000


def freeze_long_lived(rows: int) -> None:
    """After a screener of ``rows`` name rows is built or opened: collect what is already
    garbage, then freeze everything alive (the screener with it)."""
    if rows >= LONG_LIVED_ROWS and gc.isenabled():
        gc.collect()
        gc.freeze()
