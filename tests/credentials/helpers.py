"""Helpers for the credentials tests."""

from __future__ import annotations

from datetime import date
from typing import Any


def board_move(sam: Any, partnership: Any, kind: str) -> Any:
    """Record a Board decision of ``kind`` and carry it out through the partnership flow
    (the lifecycle move and its consequences, credentials included)."""
    from alliance.governance.actions import board_decision_record
    from alliance.governance.partnership_flow import partnership_move

    decision = board_decision_record(
        actor=sam,
        kind=kind,
        reason="Board resolution.",
        decided_on=date(2026, 6, 1),
        partnership=partnership,
    )
    return partnership_move(
        actor=sam, partnership=partnership, kind=kind, decision=decision, today=date(2026, 6, 1)
    )
