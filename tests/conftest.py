"""Shared test fixtures. Named users and factories live in tests/factories.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.datadir import FALLBACK_DATA_DIR


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real shared data folder, read through the one settings value."""
    from django.conf import settings

    return Path(settings.ALLIANCE_DATA_DIR)


@pytest.fixture(scope="session")
def real_data(data_dir: Path) -> Path:
    """Like ``data_dir`` but skips the test when only the fallback fixture is present."""
    if data_dir == FALLBACK_DATA_DIR:
        pytest.skip("needs the shared real data (set ALLIANCE_DATA_DIR)")
    return data_dir
