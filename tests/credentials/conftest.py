"""Credentials tests: issuer secrets go to a per-test folder, never to ./var."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def key_folder(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("ALLIANCE_ISSUER_KEY", raising=False)
    return tmp_path / "keys"


@pytest.fixture
def partnership(alice, sam):  # type: ignore[no-untyped-def]
    """Alice's organisation, admitted through the real lifecycle (credential issued on it)."""
    from tests.factories import admitted_partnership

    return admitted_partnership(alice, sam, "Amani Aid", tier="Partner")


@pytest.fixture
def other_partnership(bob, sam):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    return admitted_partnership(bob, sam, "Other Org", tier="Supporter")
