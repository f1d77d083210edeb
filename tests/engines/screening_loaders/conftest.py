"""Fixtures for the list loader tests: the real list folder and small written files."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.datadir import FALLBACK_DATA_DIR

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def lists_dir(real_data: Path) -> Path:
    return real_data / "lists"


@pytest.fixture(scope="session")
def fallback_lists() -> Path:
    return FALLBACK_DATA_DIR / "lists"


@pytest.fixture(scope="session")
def ftm_sample() -> Path:
    return HERE / "data" / "opensanctions_sample.jsonl"
