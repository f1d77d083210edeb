"""The UNDP-based risk rule on a table of cases: every level, every override path, and
ineligibility on each of the eleven exclusionary criteria."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from alliance.engines.risk import (
    ESG_EVIDENCE_CODES,
    OVERRIDE_INELIGIBLE,
    OVERRIDE_REASON_REQUIRED,
    UNKNOWN_CRITERION,
    UNKNOWN_ESG_EVIDENCE,
    UNKNOWN_ORG_TYPE,
    UNKNOWN_SECTOR,
    Controversy,
    ControversyStatus,
    EsgCommitment,
    Relationship,
    ReviewDepth,
    RiskError,
    RiskIndicators,
    RiskLevel,
    Severity,
    apply_override,
    assess_risk,
    default_undp_policy,
    esg_commitment,
)

POLICY = default_undp_policy()
STRONG_ESG = frozenset(ESG_EVIDENCE_CODES[:9])  # 9 of 11 pieces of evidence
ADEQUATE_ESG = frozenset(ESG_EVIDENCE_CODES[:5])
WEAK_ESG = frozenset(ESG_EVIDENCE_CODES[:2])


def company(**kw: object) -> RiskIndicators:
    values: dict[str, object] = {
        "organisation_type": "company",
        "relationship": Relationship.MEMBERSHIP,
        "esg_evidence": STRONG_ESG,
    }
    values.update(kw)
    return RiskIndicators(**values)  # type: ignore[arg-type]


def controversy(severity: Severity, status: ControversyStatus) -> tuple[Controversy, ...]:
    return (Controversy(severity, status, "reported in the press"),)


S, C = Severity, ControversyStatus

LEVEL_CASES = [
    # (case, indicators, points, level, months)
    ("clean company", company(), 0, RiskLevel.LOW, 36),
    ("weak ESG only", company(esg_evidence=WEAK_ESG), 1, RiskLevel.LOW, 36),
    ("alleged moderate controversy", company(controversies=controversy(S.MODERATE, C.ALLEGED)), 0,
     RiskLevel.LOW, 36),
    ("resolved severe controversy", company(controversies=controversy(S.SEVERE, C.RESOLVED)), 0,
     RiskLevel.LOW, 36),
    ("high-risk sector", company(high_risk_sectors=frozenset({"extractives"})), 2,
     RiskLevel.MODERATE, 24),
    ("no ESG commitment", company(esg_evidence=frozenset()), 2, RiskLevel.MODERATE, 24),
    ("undecided screening hits", company(unresolved_screening_hits=3), 2, RiskLevel.MODERATE, 24),
    ("alleged serious controversy", company(controversies=controversy(S.SERIOUS, C.ALLEGED)), 2,
     RiskLevel.MODERATE, 24),
    ("sector and weak ESG",
     company(high_risk_sectors=frozenset({"surveillance_technology"}), esg_evidence=WEAK_ESG),
     3, RiskLevel.MODERATE, 24),
    ("substantiated serious controversy",
     company(controversies=controversy(S.SERIOUS, C.SUBSTANTIATED)), 4,
     RiskLevel.SUBSTANTIAL, 12),
    ("sector and undecided hits",
     company(high_risk_sectors=frozenset({"arms_adjacent", "private_security"}),
             unresolved_screening_hits=1), 4, RiskLevel.SUBSTANTIAL, 12),
    ("sector, weak ESG, alleged serious",
     company(high_risk_sectors=frozenset({"biometrics_security_forces"}), esg_evidence=WEAK_ESG,
             controversies=controversy(S.SERIOUS, C.ALLEGED)), 5, RiskLevel.SUBSTANTIAL, 12),
    ("substantiated severe controversy",
     company(controversies=controversy(S.SEVERE, C.SUBSTANTIATED)), 6, RiskLevel.HIGH, 6),
    ("everything at once",
     company(high_risk_sectors=frozenset({"data_brokerage"}), esg_evidence=frozenset(),
             unresolved_screening_hits=2,
             controversies=(*controversy(S.SERIOUS, C.SUBSTANTIATED),
                            *controversy(S.MINOR, C.ALLEGED))),
     10, RiskLevel.HIGH, 6),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicators", "points", "level", "months"),
    [case[1:] for case in LEVEL_CASES],
    ids=[case[0] for case in LEVEL_CASES],
)
def test_risk_levels(
    indicators: RiskIndicators, points: int, level: RiskLevel, months: int
) -> None:
    result = assess_risk(indicators, POLICY)
    assert result.eligible
    assert result.points == points
    assert result.computed_level is level and result.level is level
    assert result.reassessment_months == months
    assert not result.overridden
    assert result.policy_code == "undp-2013" and result.policy_version == POLICY.version
    assert f"risk level {level.value}" in result.reasoning[-3]


def test_every_level_is_reached_by_the_table() -> None:
    assert {case[3] for case in LEVEL_CASES} == set(RiskLevel)


def test_reasoning_shows_each_indicator_step_by_step() -> None:
    result = assess_risk(LEVEL_CASES[-1][1], POLICY)
    text = "\n".join(result.reasoning)
    for expected in (
        "None of the 11 exclusionary criteria",
        "High-risk sector (Data brokerage",
        "Controversy, serious, substantiated — reported in the press: +4",
        "Controversy, minor, alleged — reported in the press: +0",
        "ESG commitment none",
        "2 screening hit(s) not yet decided: +2",
        "Total 10 point(s)",
        "Depth of review: standard",
        "Re-assess every 6 months",
    ):
        assert expected in text


# --- exclusionary criteria ----------------------------------------------------------------


def test_policy_has_the_eleven_undp_criteria_as_data() -> None:
    assert [c.number for c in POLICY.criteria] == list(range(1, 12))
    for criterion in POLICY.criteria:
        assert criterion.activity and criterion.involvement
        assert criterion.revenue_threshold_percent >= 0
        assert criterion.lookback_years > 0
        assert criterion.list_sources
        assert set(criterion.list_sources) <= set(POLICY.list_sources)
    sanctions = POLICY.criterion("un_sanctions")
    assert {"un-sc", "ofac-sdn", "eu-fsf", "uk-ofsi", "ca-sema"} <= set(sanctions.list_sources)


@pytest.mark.parametrize("code", [c.code for c in default_undp_policy().criteria])
def test_ineligible_on_each_criterion(code: str) -> None:
    # Even an otherwise spotless organisation is excluded by one confirmed hit.
    result = assess_risk(company(confirmed_exclusionary_hits=frozenset({code})), POLICY)
    assert not result.eligible
    assert result.failed_criteria == (code,)
    assert result.computed_level is None and result.level is None
    assert result.reassessment_months is None
    criterion = POLICY.criterion(code)
    assert any(
        f"criterion {criterion.number} ({criterion.name}) confirmed" in s for s in result.reasoning
    )
    assert any("ineligible" in step for step in result.reasoning)


def test_several_hits_are_all_named_in_policy_order() -> None:
    hits = frozenset({"child_labour", "tobacco"})
    result = assess_risk(company(confirmed_exclusionary_hits=hits), POLICY)
    assert result.failed_criteria == ("tobacco", "child_labour")


# --- overrides ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "months"),
    [
        (0, RiskLevel.MODERATE, 24),  # up
        (-1, RiskLevel.SUBSTANTIAL, 12),  # down from High
        (9, RiskLevel.HIGH, 6),  # up from Substantial
        (0, RiskLevel.LOW, 36),  # confirm the same level, with a reason
    ],
)
def test_override_with_reason_keeps_both_levels(start: int, target: RiskLevel, months: int) -> None:
    original = assess_risk(LEVEL_CASES[start][1], POLICY)
    overridden = apply_override(original, target, "  Board asked for a closer look.  ")
    assert overridden.computed_level is original.computed_level
    assert overridden.override_level is target and overridden.level is target
    assert overridden.override_reason == "Board asked for a closer look."
    assert overridden.reassessment_months == months
    assert overridden.reasoning[: len(original.reasoning)] == original.reasoning
    assert "Reviewer override" in overridden.reasoning[-1]
    assert not original.overridden  # the original assessment is untouched


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_override_without_reason_is_refused(reason: str) -> None:
    original = assess_risk(company(), POLICY)
    with pytest.raises(RiskError) as err:
        apply_override(original, RiskLevel.HIGH, reason)
    assert err.value.code == OVERRIDE_REASON_REQUIRED


def test_override_cannot_make_an_ineligible_organisation_eligible() -> None:
    ineligible = assess_risk(company(confirmed_exclusionary_hits=frozenset({"weapons"})), POLICY)
    with pytest.raises(RiskError) as err:
        apply_override(ineligible, RiskLevel.LOW, "Good relationship")
    assert err.value.code == OVERRIDE_INELIGIBLE


def test_override_of_an_override_keeps_the_computed_level() -> None:
    first = apply_override(assess_risk(company(), POLICY), RiskLevel.HIGH, "New allegation")
    second = apply_override(first, RiskLevel.MODERATE, "Allegation withdrawn")
    assert second.computed_level is RiskLevel.LOW and second.level is RiskLevel.MODERATE
    assert sum("Reviewer override" in step for step in second.reasoning) == 2


# --- ESG, depth of review, policy data ---------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (STRONG_ESG, EsgCommitment.STRONG),
        (frozenset(ESG_EVIDENCE_CODES[:8]), EsgCommitment.STRONG),
        (frozenset(ESG_EVIDENCE_CODES[:7]), EsgCommitment.ADEQUATE),
        (ADEQUATE_ESG, EsgCommitment.ADEQUATE),
        (frozenset(ESG_EVIDENCE_CODES[:4]), EsgCommitment.WEAK),
        (frozenset({"ungp"}), EsgCommitment.WEAK),
        (frozenset(), EsgCommitment.NONE),
    ],
)
def test_esg_commitment_from_evidence_count(
    evidence: frozenset[str], expected: EsgCommitment
) -> None:
    assert esg_commitment(evidence, POLICY) is expected


def test_esg_not_scored_for_an_ngo() -> None:
    ngo = RiskIndicators("ngo", Relationship.MEMBERSHIP)
    result = assess_risk(ngo, POLICY)
    assert result.esg_commitment is None and result.level is RiskLevel.LOW
    assert any("ESG commitment not scored" in step for step in result.reasoning)


@pytest.mark.parametrize(
    ("org_type", "relationship", "depth"),
    [
        ("un_agency", Relationship.MEMBERSHIP, ReviewDepth.BASIC),
        ("government", Relationship.GOVERNANCE, ReviewDepth.STANDARD),
        ("ngo", Relationship.IN_KIND, ReviewDepth.BASIC),
        ("ngo", Relationship.IMPLEMENTING, ReviewDepth.STANDARD),
        ("academic", Relationship.FINANCIAL, ReviewDepth.STANDARD),
        ("network", Relationship.MEMBERSHIP, ReviewDepth.BASIC),
        ("foundation", Relationship.IN_KIND, ReviewDepth.STANDARD),
        ("foundation", Relationship.FINANCIAL, ReviewDepth.ENHANCED),
        ("company", Relationship.MEMBERSHIP, ReviewDepth.STANDARD),
        ("company", Relationship.FINANCIAL, ReviewDepth.ENHANCED),
        ("company", Relationship.GOVERNANCE, ReviewDepth.ENHANCED),
        ("other", Relationship.IMPLEMENTING, ReviewDepth.ENHANCED),
    ],
)
def test_depth_of_review(org_type: str, relationship: Relationship, depth: ReviewDepth) -> None:
    result = assess_risk(RiskIndicators(org_type, relationship, esg_evidence=STRONG_ESG), POLICY)
    assert result.depth_of_review is depth


def test_depth_is_also_given_for_an_ineligible_organisation() -> None:
    ind = company(
        relationship=Relationship.FINANCIAL, confirmed_exclusionary_hits=frozenset({"gambling"})
    )
    assert assess_risk(ind, POLICY).depth_of_review is ReviewDepth.ENHANCED


def test_every_high_risk_sector_names_its_source() -> None:
    assert len(POLICY.high_risk_sectors) >= 8
    for sector in POLICY.high_risk_sectors:
        assert sector.name and sector.why and sector.source


@pytest.mark.parametrize(
    ("indicators", "code"),
    [
        (company(confirmed_exclusionary_hits=frozenset({"cannabis"})), UNKNOWN_CRITERION),
        (company(high_risk_sectors=frozenset({"bakeries"})), UNKNOWN_SECTOR),
        (RiskIndicators("guild", Relationship.MEMBERSHIP), UNKNOWN_ORG_TYPE),
        (company(esg_evidence=frozenset({"ungc-11"})), UNKNOWN_ESG_EVIDENCE),
    ],
)
def test_unknown_codes_are_refused(indicators: RiskIndicators, code: str) -> None:
    with pytest.raises(RiskError) as err:
        assess_risk(indicators, POLICY)
    assert err.value.code == code


def test_a_new_policy_version_changes_new_assessments_only() -> None:
    indicators = company(high_risk_sectors=frozenset({"alcohol"}))
    before = assess_risk(indicators, POLICY)
    stricter = replace(
        POLICY,
        version="2",
        high_risk_sector_points=4,
        reassessment_months=MappingProxyType({**POLICY.reassessment_months, RiskLevel.LOW: 24}),
    )
    after = assess_risk(indicators, stricter)
    assert (before.level, before.policy_version) == (RiskLevel.MODERATE, "1")
    assert (after.level, after.policy_version) == (RiskLevel.SUBSTANTIAL, "2")
    # The assessment carries its own policy's intervals: an override on the old one
    # still uses version 1's table.
    assert apply_override(before, RiskLevel.LOW, "reviewed").reassessment_months == 36


# --- Policy as JSON data, and the re-assessment calendar -------------------------------


def test_policy_round_trips_through_json() -> None:
    import json

    from alliance.engines.risk import policy_from_data, policy_to_data

    data = json.loads(json.dumps(policy_to_data(POLICY)))
    assert policy_from_data(data) == POLICY
    assert len(data["criteria"]) == 11
    assert data["controversy_points"]["severe/substantiated"] == 6


def test_policy_data_errors_name_the_problem() -> None:
    from alliance.engines.risk import PolicyDataError, policy_from_data, policy_to_data

    data = policy_to_data(POLICY)
    del data["reassessment_months"]["high"]
    with pytest.raises(PolicyDataError, match="interval for every risk level"):
        policy_from_data(data)
    with pytest.raises(PolicyDataError, match="malformed"):
        policy_from_data({"code": "x"})


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-15", 6, "2026-07-15"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2027-08-31", 6, "2028-02-29"),
        ("2026-11-30", 36, "2029-11-30"),
        ("2026-12-31", 12, "2027-12-31"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-01-15", -13, "2024-12-15"),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_month_end(
    start: str, months: int, expected: str
) -> None:
    from datetime import date

    from alliance.engines.risk import add_months

    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)
