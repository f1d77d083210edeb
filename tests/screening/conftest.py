"""Screening test helpers: small synthetic lists in FollowTheMoney JSON lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alliance.datadir import FALLBACK_DATA_DIR
from alliance.screening.engine import clear_cache


def person(
    entity_id: str,
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    birth: str = "",
    nationality: str = "",
) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [name]}
    if aliases:
        props["alias"] = list(aliases)
    if birth:
        props["birthDate"] = [birth]
    if nationality:
        props["nationality"] = [nationality]
    return {"id": entity_id, "schema": "Person", "properties": props}


def organisation(entity_id: str, name: str, *, country: str = "") -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [name]}
    if country:
        props["country"] = [country]
    return {"id": entity_id, "schema": "Organization", "properties": props}


@pytest.fixture
def write_list(tmp_path: Path) -> Callable[[str, list[dict[str, Any]]], Path]:
    """Write entities as an FtM JSON-lines list file and return its path."""

    def write(filename: str, entities: list[dict[str, Any]]) -> Path:
        path = tmp_path / filename
        path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
        return path

    return write


@pytest.fixture
def fallback_un() -> Path:
    return FALLBACK_DATA_DIR / "lists" / "un" / "un_consolidated_fallback.xml"


@pytest.fixture(autouse=True)
def _fresh_screener_cache() -> None:
    # Each test has its own database; version ids repeat across tests.
    clear_cache()
