"""Helpers for the credentials tests."""

from __future__ import annotations

from datetime import date
from typing import Any


def board_move(sam: Any, partnership: Any, kind: str) -> Any:
    """Record a Board decision of ``kind`` and carry it out through the lifecycle action."""
    from alliance.governance.actions import board_decision_record
    from alliance.organisations import actions

    decision = board_decision_record(
        actor=sam,
        kind=kind,
        reason="Board resolution.",
        decided_on=date(2026, 6, 1),
        partnership=partnership,
    )
    action = {
        "termination": actions.partnership_terminate,
        "suspension": actions.partnership_suspend,
        "reinstatement": actions.partnership_reinstate,
    }[kind]
    return action(actor=sam, partnership=partnership, decision=decision)
