"""A seated Board for governance tests: carla chairs, ben and three more members."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from alliance.accounts.roles import Role
from alliance.governance.actions import rules_seed_first
from alliance.governance.models import RulesVersion
from alliance.governance.rules import DEFAULT_RULES
from tests.factories import make_user

TODAY = date(2026, 3, 2)


def seat(user: Any, organisation: Any = None, chair: bool = False) -> dict[str, Any]:
    return {
        "member": user.pk,
        "organisation": organisation.pk if organisation else None,
        "chair": chair,
        "term_starts": "2025-01-01",
        "term_ends": "2027-12-31",
    }


@pytest.fixture
def members(db) -> list[Any]:  # type: ignore[no-untyped-def]
    return [
        make_user(f"m{i}@board.example", Role.BOARD_MEMBER, full_name=f"Member {i}")
        for i in range(3)
    ]


@pytest.fixture
def board(carla, ben, members, ada) -> RulesVersion:  # type: ignore[no-untyped-def]
    """Rules version 1 with five seats (carla in the chair)."""
    return rules_seed_first(
        actor=ada,
        rules=DEFAULT_RULES,
        adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben)] + [seat(m) for m in members],
    )
