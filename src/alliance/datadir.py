"""Where real reference data lives (sanctions lists, labelled pairs, VC material).

One value decides it: the ``ALLIANCE_DATA_DIR`` environment variable, else a
``shared/data`` folder beside the checkout, else the small fallback fixture
shipped in the package so that Alliance still installs and runs alone.
Django settings expose the result as ``settings.ALLIANCE_DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

FALLBACK_DATA_DIR = Path(__file__).resolve().parent / "fallback_data"


def data_dir() -> Path:
    configured = os.environ.get("ALLIANCE_DATA_DIR")
    if configured:
        return Path(configured).resolve()
    # src/alliance/datadir.py -> checkout root is parents[2]; shared/ sits beside it.
    checkout = Path(__file__).resolve().parents[2]
    beside = checkout.parent / "shared" / "data"
    if beside.is_dir():
        return beside
    return FALLBACK_DATA_DIR


def has_real_data(path: Path | None = None) -> bool:
    """True when the full shared data set (not the fallback fixture) is in use."""
    return (path or data_dir()) != FALLBACK_DATA_DIR
