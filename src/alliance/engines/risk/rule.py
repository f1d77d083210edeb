"""The risk rule: a pure function from indicators and a policy to an explained assessment.

In words (docs/engines.md, "Risk rule"):

1. Any confirmed exclusionary hit makes the organisation ineligible; the assessment
   names every criterion hit, and no level is given.
2. Otherwise points are added up: a high-risk sector; each unresolved controversy by
   its severity and status; a weak or missing ESG commitment (for organisation types
   the policy judges on it); any unresolved screening hit.
3. The level is the highest one whose minimum points the total reaches.
4. The depth of review comes from the policy's table (organisation type x relationship)
   and the re-assessment interval from the level.

A reviewer may override the level with ``apply_override``; a written reason is required
and both levels are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from alliance.engines.risk.policy import (
    ESG_EVIDENCE_CODES,
    LEVEL_ORDER,
    ControversyStatus,
    EsgCommitment,
    Relationship,
    ReviewDepth,
    RiskLevel,
    RiskPolicy,
    Severity,
)


class RiskError(ValueError):
    """A request the rule refuses; ``code`` is one of the constants below."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


OVERRIDE_REASON_REQUIRED = "override_reason_required"
OVERRIDE_INELIGIBLE = "override_ineligible"
UNKNOWN_CRITERION = "unknown_criterion"
UNKNOWN_SECTOR = "unknown_sector"
UNKNOWN_ORG_TYPE = "unknown_org_type"
UNKNOWN_ESG_EVIDENCE = "unknown_esg_evidence"


@dataclass(frozen=True, slots=True)
class Controversy:
    severity: Severity
    status: ControversyStatus
    summary: str = ""


@dataclass(frozen=True, slots=True)
class RiskIndicators:
    organisation_type: str
    relationship: Relationship
    confirmed_exclusionary_hits: frozenset[str] = frozenset()  # criterion codes
    high_risk_sectors: frozenset[str] = frozenset()  # sector codes
    controversies: tuple[Controversy, ...] = ()
    esg_evidence: frozenset[str] = frozenset()  # "ungc-1".."ungc-10", "ungp"
    unresolved_screening_hits: int = 0


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    policy_code: str
    policy_version: str
    eligible: bool
    failed_criteria: tuple[str, ...]  # criterion codes, in the policy's order
    points: int
    computed_level: RiskLevel | None  # None when ineligible
    esg_commitment: EsgCommitment | None  # None where the policy does not judge ESG
    depth_of_review: ReviewDepth
    reassessment_months: int | None
    reasoning: tuple[str, ...]
    # The policy's intervals at assessment time, so an override can move the date.
    interval_by_level: tuple[tuple[RiskLevel, int], ...] = ()
    override_level: RiskLevel | None = None
    override_reason: str | None = None

    @property
    def level(self) -> RiskLevel | None:
        """The level in force: the reviewer's override if any, else the computed one."""
        return self.override_level or self.computed_level

    @property
    def overridden(self) -> bool:
        return self.override_level is not None


def esg_commitment(evidence: Iterable[str], policy: RiskPolicy) -> EsgCommitment:
    """Count the distinct principles evidenced and read the commitment off the policy."""
    count = len(set(evidence) & set(ESG_EVIDENCE_CODES))
    reached = [c for c, minimum in policy.esg_minimum_evidence.items() if count >= minimum]
    order = list(EsgCommitment)  # strong first
    return min(reached, key=order.index)


def _check(indicators: RiskIndicators, policy: RiskPolicy) -> None:
    known_criteria = {c.code for c in policy.criteria}
    if unknown := indicators.confirmed_exclusionary_hits - known_criteria:
        raise RiskError(UNKNOWN_CRITERION, f"Not a criterion of this policy: {sorted(unknown)}")
    known_sectors = {s.code for s in policy.high_risk_sectors}
    if unknown := indicators.high_risk_sectors - known_sectors:
        raise RiskError(UNKNOWN_SECTOR, f"Not a high-risk sector of this policy: {sorted(unknown)}")
    if (indicators.organisation_type, indicators.relationship) not in policy.depth_of_review:
        raise RiskError(
            UNKNOWN_ORG_TYPE,
            f"No depth of review for {indicators.organisation_type} / {indicators.relationship}",
        )
    if unknown := indicators.esg_evidence - set(ESG_EVIDENCE_CODES):
        raise RiskError(UNKNOWN_ESG_EVIDENCE, f"Unknown ESG evidence codes: {sorted(unknown)}")


RELATIONSHIP_WORDS = {
    "membership": "a membership",
    "in_kind": "an in-kind partnership",
    "financial": "a financial partnership",
    "governance": "a governance role",
}
TYPE_WORDS = {
    "ngo": "non-governmental organisation",
    "un_agency": "UN agency",
    "government": "government body",
    "academic": "academic institution",
    "other": "other organisation",
}


def _words(organisation_type: object) -> str:
    value = str(getattr(organisation_type, "value", organisation_type))
    return TYPE_WORDS.get(value, value.replace("_", " "))


def assess_risk(indicators: RiskIndicators, policy: RiskPolicy) -> RiskAssessment:
    """Apply ``policy`` to ``indicators``; see the module docstring for the rule."""
    _check(indicators, policy)
    steps = [f"Policy: {policy.title}, version {policy.version}."]
    depth = policy.depth_of_review[(indicators.organisation_type, indicators.relationship)]
    depth_step = (
        f"Depth of review: {depth.value}, for a {_words(indicators.organisation_type)} "
        f"asking for {RELATIONSHIP_WORDS.get(indicators.relationship.value, 'a relationship')}."
    )

    # Step 1: exclusionary criteria.
    failed = [c for c in policy.criteria if c.code in indicators.confirmed_exclusionary_hits]
    if failed:
        for criterion in failed:
            steps.append(
                f"Exclusionary criterion {criterion.number} ({criterion.name}) confirmed: "
                f"{criterion.activity}."
            )
        steps.append("Any confirmed exclusionary hit makes the organisation ineligible.")
        steps.append(depth_step)
        return RiskAssessment(
            policy_code=policy.code,
            policy_version=policy.version,
            eligible=False,
            failed_criteria=tuple(c.code for c in failed),
            points=0,
            computed_level=None,
            esg_commitment=None,
            depth_of_review=depth,
            reassessment_months=None,
            reasoning=tuple(steps),
            interval_by_level=tuple(policy.reassessment_months.items()),
        )
    steps.append(f"None of the {len(policy.criteria)} exclusionary criteria is confirmed.")

    # Step 2: points from the indicators.
    points = 0
    if indicators.high_risk_sectors:
        names = ", ".join(policy.sector(code).name for code in sorted(indicators.high_risk_sectors))
        points += policy.high_risk_sector_points
        steps.append(f"High-risk sector ({names}): +{policy.high_risk_sector_points}.")
    else:
        steps.append("No high-risk sector: +0.")

    for controversy in indicators.controversies:
        gained = policy.controversy_points[(controversy.severity, controversy.status)]
        points += gained
        about = f" — {controversy.summary}" if controversy.summary else ""
        steps.append(
            f"Controversy, {controversy.severity.value}, {controversy.status.value}{about}: "
            f"+{gained}."
        )
    if not indicators.controversies:
        steps.append("No controversies found: +0.")

    commitment: EsgCommitment | None = None
    if indicators.organisation_type in policy.esg_applies_to:
        commitment = esg_commitment(indicators.esg_evidence, policy)
        gained = policy.esg_points[commitment]
        points += gained
        steps.append(
            f"ESG commitment {commitment.value} ({len(indicators.esg_evidence)} of "
            f"{len(ESG_EVIDENCE_CODES)} principles evidenced: UN Global Compact and UNGPs): "
            f"+{gained}."
        )
    else:
        steps.append(f"ESG commitment not scored for a {_words(indicators.organisation_type)}.")

    if indicators.unresolved_screening_hits > 0:
        points += policy.unresolved_screening_hit_points
        steps.append(
            f"{indicators.unresolved_screening_hits} screening hit(s) not yet decided: "
            f"+{policy.unresolved_screening_hit_points}."
        )
    else:
        steps.append("No undecided screening hits: +0.")

    # Step 3: level from the points.
    level = RiskLevel.LOW
    for candidate in LEVEL_ORDER[1:]:
        if points >= policy.level_minimum_points[candidate]:
            level = candidate
    thresholds = ", ".join(
        f"{lvl.value} from {policy.level_minimum_points[lvl]}" for lvl in LEVEL_ORDER[1:]
    )
    steps.append(f"Total {points} point(s) ({thresholds}): risk level {level.value}.")

    # Step 4: depth and re-assessment.
    steps.append(depth_step)
    months = policy.reassessment_months[level]
    steps.append(f"Re-assess every {months} months at level {level.value}.")
    return RiskAssessment(
        policy_code=policy.code,
        policy_version=policy.version,
        eligible=True,
        failed_criteria=(),
        points=points,
        computed_level=level,
        esg_commitment=commitment,
        depth_of_review=depth,
        reassessment_months=months,
        reasoning=tuple(steps),
        interval_by_level=tuple(policy.reassessment_months.items()),
    )


def apply_override(assessment: RiskAssessment, level: RiskLevel, reason: str) -> RiskAssessment:
    """A reviewer's override of the level: a written reason is required, both levels are
    kept, and the re-assessment interval follows the overriding level."""
    if not assessment.eligible:
        raise RiskError(
            OVERRIDE_INELIGIBLE,
            "An ineligible organisation has no level to override: the exclusion stands.",
        )
    if not reason or not reason.strip():
        raise RiskError(OVERRIDE_REASON_REQUIRED, "An override needs a written reason.")
    level = RiskLevel(level)
    months = dict(assessment.interval_by_level).get(level, assessment.reassessment_months)
    step = (
        f"Reviewer override: level {assessment.computed_level} -> {level.value}, "
        f"re-assess every {months} months. Reason: {reason.strip()}"
    )
    return replace(
        assessment,
        override_level=level,
        override_reason=reason.strip(),
        reassessment_months=months,
        reasoning=(*assessment.reasoning, step),
    )
