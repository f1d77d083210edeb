"""A policy as plain JSON data, so it can be stored, versioned, shown and edited.

Mappings keyed by pairs are written as "a/b" keys ("serious/alleged",
"company/financial"), which keeps the JSON readable by a person.
``policy_from_data(policy_to_data(p)) == p`` for every policy.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from alliance.engines.risk.policy import (
    ControversyStatus,
    EsgCommitment,
    ExclusionaryCriterion,
    HighRiskSector,
    Relationship,
    ReviewDepth,
    RiskLevel,
    RiskPolicy,
    Severity,
    _freeze,
)


class PolicyDataError(ValueError):
    """The JSON does not describe a complete, consistent policy."""


def policy_to_data(policy: RiskPolicy) -> dict[str, Any]:
    return {
        "code": policy.code,
        "version": policy.version,
        "title": policy.title,
        "criteria": [
            {
                "code": c.code,
                "number": c.number,
                "name": c.name,
                "activity": c.activity,
                "involvement": c.involvement,
                "revenue_threshold_percent": str(c.revenue_threshold_percent),
                "lookback_years": c.lookback_years,
                "list_sources": list(c.list_sources),
            }
            for c in policy.criteria
        ],
        "high_risk_sectors": [
            {"code": s.code, "name": s.name, "why": s.why, "source": s.source}
            for s in policy.high_risk_sectors
        ],
        "list_sources": dict(policy.list_sources),
        "high_risk_sector_points": policy.high_risk_sector_points,
        "controversy_points": {
            f"{sev.value}/{status.value}": points
            for (sev, status), points in policy.controversy_points.items()
        },
        "esg_points": {k.value: v for k, v in policy.esg_points.items()},
        "unresolved_screening_hit_points": policy.unresolved_screening_hit_points,
        "esg_minimum_evidence": {k.value: v for k, v in policy.esg_minimum_evidence.items()},
        "esg_applies_to": sorted(policy.esg_applies_to),
        "level_minimum_points": {k.value: v for k, v in policy.level_minimum_points.items()},
        "depth_of_review": {
            f"{org}/{rel.value}": depth.value
            for (org, rel), depth in policy.depth_of_review.items()
        },
        "reassessment_months": {k.value: v for k, v in policy.reassessment_months.items()},
    }


def policy_from_data(data: dict[str, Any]) -> RiskPolicy:
    """Build a policy from JSON data; raises PolicyDataError naming what is wrong."""
    try:
        return _build(data)
    except PolicyDataError:
        raise
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise PolicyDataError(f"Incomplete or malformed policy data: {error!r}") from error


def _build(data: dict[str, Any]) -> RiskPolicy:
    criteria = tuple(
        ExclusionaryCriterion(
            code=str(c["code"]),
            number=int(c["number"]),
            name=str(c["name"]),
            activity=str(c["activity"]),
            involvement=str(c["involvement"]),
            revenue_threshold_percent=Decimal(str(c["revenue_threshold_percent"])),
            lookback_years=int(c["lookback_years"]),
            list_sources=tuple(str(x) for x in c["list_sources"]),
        )
        for c in data["criteria"]
    )
    if len({c.code for c in criteria}) != len(criteria):
        raise PolicyDataError("Two exclusionary criteria share a code.")
    controversy_points = {}
    for key, points in data["controversy_points"].items():
        severity, status = key.split("/")
        controversy_points[(Severity(severity), ControversyStatus(status))] = int(points)
    missing = {(s, c) for s in Severity for c in ControversyStatus} - set(controversy_points)
    if missing:
        raise PolicyDataError(f"Controversy points missing for {sorted(missing)}.")
    depth = {}
    for key, value in data["depth_of_review"].items():
        org_type, relationship = key.split("/")
        depth[(org_type, Relationship(relationship))] = ReviewDepth(value)
    levels = {RiskLevel(k): int(v) for k, v in data["level_minimum_points"].items()}
    if set(levels) != set(RiskLevel) - {RiskLevel.LOW}:
        raise PolicyDataError("Give the minimum points for moderate, substantial and high.")
    months = {RiskLevel(k): int(v) for k, v in data["reassessment_months"].items()}
    if set(months) != set(RiskLevel):
        raise PolicyDataError("Give a re-assessment interval for every risk level.")
    esg_points = {EsgCommitment(k): int(v) for k, v in data["esg_points"].items()}
    esg_minimum = {EsgCommitment(k): int(v) for k, v in data["esg_minimum_evidence"].items()}
    if set(esg_points) != set(EsgCommitment) or set(esg_minimum) != set(EsgCommitment):
        raise PolicyDataError("Give ESG points and minimum evidence for every commitment level.")
    return RiskPolicy(
        code=str(data["code"]),
        version=str(data["version"]),
        title=str(data["title"]),
        criteria=criteria,
        high_risk_sectors=tuple(
            HighRiskSector(str(s["code"]), str(s["name"]), str(s["why"]), str(s["source"]))
            for s in data["high_risk_sectors"]
        ),
        list_sources=_freeze({str(k): str(v) for k, v in data["list_sources"].items()}),
        high_risk_sector_points=int(data["high_risk_sector_points"]),
        controversy_points=_freeze(controversy_points),
        esg_points=_freeze(esg_points),
        unresolved_screening_hit_points=int(data["unresolved_screening_hit_points"]),
        esg_minimum_evidence=_freeze(esg_minimum),
        esg_applies_to=frozenset(str(x) for x in data["esg_applies_to"]),
        level_minimum_points=_freeze(levels),
        depth_of_review=_freeze(depth),
        reassessment_months=_freeze(months),
    )


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
