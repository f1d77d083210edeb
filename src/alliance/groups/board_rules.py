"""What groups need from the Board's rules, without importing governance (a higher
layer): the group vote's rules, the days the Board has to answer, and who sits on the
Board. Governance registers its provider at start-up (``GovernanceConfig.ready``); with
none registered (groups used alone) the defaults below apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from alliance.engines.tally import MajorityKind, VotingRules


@dataclass(frozen=True)
class BoardRules:
    group_voting: VotingRules
    answer_days: int
    board_members: list[Any] = field(default_factory=list)
    # Whether the chair answers a recommendation alone (else a Board motion decides).
    answer_by_chair: bool = False


DEFAULT = BoardRules(
    group_voting=VotingRules(
        quorum_fraction=Fraction(1, 2),
        quorum_minimum=1,
        majority=MajorityKind.SIMPLE,
        chair_has_casting_vote=True,
    ),
    answer_days=60,
)

_providers: list[Callable[[], BoardRules]] = []


def register(provider: Callable[[], BoardRules]) -> None:
    """Governance's ``provider()`` returns the rules in force as ``BoardRules``."""
    _providers[:] = [provider]


def current() -> BoardRules:
    return _providers[0]() if _providers else DEFAULT
