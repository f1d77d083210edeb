"""What apps above screening do when a list update gives active partners new or changed
hits. Screening cannot import them (it sits below them), so they register here when
Django starts (``AppConfig.ready``): due diligence reopens the partners' cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PartnerHits = Callable[[list[Any], str], object]

_reactions: list[PartnerHits] = []


def on_partner_hits(reaction: PartnerHits) -> None:
    """Call ``reaction(partners, reason)`` inside the transaction that records the hits."""
    if reaction not in _reactions:
        _reactions.append(reaction)


def partner_hits(partners: list[Any], reason: str) -> None:
    for reaction in _reactions:
        reaction(partners, reason)
