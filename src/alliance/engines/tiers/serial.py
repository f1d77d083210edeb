"""A schedule as JSON-safe data, so the funding app can store each Board-adopted version.

Money and multipliers travel as strings, never floats, and come back as exact Decimals.
``schedule_from_dict(schedule_to_dict(s)) == s`` for every schedule.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from alliance.engines.tiers.schedule import (
    FoundingRecognition,
    IncomeGroup,
    OrgType,
    RevenueBand,
    Tier,
    TierSchedule,
)

FORMAT = "alliance.tier-schedule/1"


def _tier_to_dict(tier: Tier) -> dict[str, Any]:
    return {
        "code": tier.code,
        "name": tier.name,
        "rank": tier.rank,
        "benefits": list(tier.benefits),
        "minimum_annual_cash": str(tier.minimum_annual_cash),
        "in_kind_share_max": str(tier.in_kind_share_max),
        "waiver_allowed": tier.waiver_allowed,
    }


def schedule_to_dict(schedule: TierSchedule) -> dict[str, Any]:
    """The whole schedule as plain JSON types (Decimals as strings)."""
    return {
        "format": FORMAT,
        "version": schedule.version,
        "currency": schedule.currency,
        "tiers": [_tier_to_dict(t) for t in schedule.tiers_by_rank()[::-1]],
        "base_by_band": {band.value: str(v) for band, v in schedule.base_by_band.items()},
        "type_multiplier": {t.value: str(v) for t, v in schedule.type_multiplier.items()},
        "income_multiplier": {i.value: str(v) for i, v in schedule.income_multiplier.items()},
        "floor": str(schedule.floor),
        "founding": {
            "description": schedule.founding.description,
            "indicative_commitment": str(schedule.founding.indicative_commitment),
            "commitment_years": schedule.founding.commitment_years,
        },
        "overrides": [
            {
                "org_type": t.value,
                "size_band": b.value,
                "income_group": i.value,
                "annual_amount": str(amount),
            }
            for (t, b, i), amount in schedule.overrides.items()
        ],
    }


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{what} must be a string or integer, never a float")
    return Decimal(str(value))


def schedule_from_dict(data: dict[str, Any]) -> TierSchedule:
    """Rebuild a schedule stored by :func:`schedule_to_dict`; refuses unknown formats."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a tier schedule in format {FORMAT}")
    tiers = tuple(
        Tier(
            code=t["code"],
            name=t["name"],
            rank=int(t["rank"]),
            benefits=tuple(t["benefits"]),
            minimum_annual_cash=_decimal(t["minimum_annual_cash"], "minimum_annual_cash"),
            in_kind_share_max=_decimal(t["in_kind_share_max"], "in_kind_share_max"),
            waiver_allowed=bool(t["waiver_allowed"]),
        )
        for t in data["tiers"]
    )
    founding = data["founding"]
    overrides = {
        (
            OrgType(o["org_type"]),
            RevenueBand(o["size_band"]),
            IncomeGroup(o["income_group"]),
        ): _decimal(o["annual_amount"], "override")
        for o in data.get("overrides", [])
    }
    return TierSchedule(
        version=str(data["version"]),
        tiers=tiers,
        base_by_band=MappingProxyType(
            {RevenueBand(k): _decimal(v, k) for k, v in data["base_by_band"].items()}
        ),
        type_multiplier=MappingProxyType(
            {OrgType(k): _decimal(v, k) for k, v in data["type_multiplier"].items()}
        ),
        income_multiplier=MappingProxyType(
            {IncomeGroup(k): _decimal(v, k) for k, v in data["income_multiplier"].items()}
        ),
        floor=_decimal(data["floor"], "floor"),
        founding=FoundingRecognition(
            description=founding["description"],
            indicative_commitment=_decimal(founding["indicative_commitment"], "commitment"),
            commitment_years=int(founding["commitment_years"]),
        ),
        overrides=MappingProxyType(overrides),
        currency=str(data.get("currency", "USD")),
    )
