"""The Board's rules as the groups see them.

Groups sit below governance (the layers contract), so they do not read governance's
rules versions themselves: governance registers the reader at start-up
(``GovernanceConfig.ready``), as screening's reactions and core's inbox do. Without
governance (or before any rules version) the defaults below apply.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from alliance.engines.tally import MajorityKind, VotingRules

DEFAULT_GROUP_QUORUM = "1/2"
DEFAULT_ANSWER_DAYS = 60

_readers: list[Callable[[], dict[str, Any] | None]] = []
_boards: list[Callable[[], list[Any]]] = []


def register_rules_reader(
    reader: Callable[[], dict[str, Any] | None], members: Callable[[], list[Any]]
) -> None:
    """Governance gives the rules in force (a dict, or None before any) and the seated
    Board members; one pair of readers at a time."""
    _readers[:] = [reader]
    _boards[:] = [members]


def rules_in_force_data() -> dict[str, Any] | None:
    return _readers[0]() if _readers else None


def board_members() -> list[Any]:
    """The members seated under the rules in force (told of a recommendation)."""
    return _boards[0]() if _boards else []


def group_voting_rules(rules: dict[str, Any] | None) -> VotingRules:
    """A group adopts a recommendation by simple majority with its own quorum."""
    return VotingRules(
        quorum_fraction=Fraction((rules or {}).get("group_quorum_fraction", DEFAULT_GROUP_QUORUM)),
        quorum_minimum=1,
        majority=MajorityKind.SIMPLE,
        chair_has_casting_vote=True,
    )


def recommendation_answer_days(rules: dict[str, Any] | None) -> int:
    return int((rules or {}).get("recommendation_answer_days", DEFAULT_ANSWER_DAYS))
