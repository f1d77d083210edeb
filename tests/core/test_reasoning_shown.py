"""The engines' English reasoning shown in French: every step each engine writes, over
cases that reach each of its branches, is read back into a catalog msgid (none left in
English), and a sentence no form knows is shown as written."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from alliance.core.reasoning import Form, shown
from alliance.diligence.reasoning import RISK_FORMS, risk_step_shown
from alliance.engines.risk import (
    ESG_EVIDENCE_CODES,
    Controversy,
    ControversyStatus,
    Relationship,
    RiskIndicators,
    RiskLevel,
    Severity,
    apply_override,
    assess_risk,
    default_undp_policy,
)
from alliance.engines.tally import Choice, MajorityBase, MajorityKind, VotingRules, tally
from alliance.engines.tiers import (
    IncomeGroup,
    OrgProfile,
    OrgType,
    Receipt,
    RevenueBand,
    StaffBand,
    apply_receipt,
    default_schedule,
    instalment_schedule,
    recommend_tier,
)
from alliance.funding.reasoning import (
    ALLOCATION_FORMS,
    TIER_FORMS,
    allocation_step_shown,
    tier_step_shown,
)
from alliance.governance.reasoning import TALLY_FORMS, tally_step_shown


def unread(steps: list[str], forms: tuple[Form, ...]) -> list[str]:
    return [s for s in steps if all(f.read(s) is None for f in forms)]


def tally_steps() -> list[str]:
    rules = [
        VotingRules(),
        VotingRules(majority=MajorityKind.ABSOLUTE, abstentions_count_for_quorum=False),
        VotingRules(majority=MajorityKind.QUALIFIED, abstentions_in_denominator=True),
        VotingRules(majority=MajorityKind.QUALIFIED, qualified_base=MajorityBase.MEMBERS),
        VotingRules(chair_has_casting_vote=False),
        VotingRules(quorum_minimum=5),
    ]
    eligible = frozenset({"a", "b", "c", "d"})
    names = {"a": "Amina Diallo", "b": "Bruno Costa"}
    votes = [
        {"a": Choice.FOR, "b": Choice.AGAINST},
        {"a": Choice.FOR, "b": Choice.AGAINST, "c": Choice.ABSTAIN, "x": Choice.FOR},
        {"a": Choice.FOR, "b": Choice.FOR, "c": Choice.AGAINST, "d": Choice.AGAINST},
        {"a": Choice.ABSTAIN, "b": Choice.FOR, "c": Choice.AGAINST},
        {"a": Choice.FOR, "b": Choice.FOR, "c": Choice.FOR},
    ]
    steps: list[str] = []
    for rule, cast, casting, closed in itertools.product(
        rules, votes, ["a", "b", "d", None], [True, False]
    ):
        result = tally(rule, eligible, frozenset({"d"}), cast, casting, closed, names)
        steps.extend(result.reasoning)
    return steps


def test_the_tally_reasoning_reads_in_french() -> None:
    steps = tally_steps()
    assert unread(steps, TALLY_FORMS) == []
    with translation.override("fr"):
        assert tally_step_shown("Voting closed: the motion passed.") == (
            "Vote clos : la motion est adoptée."
        )
        shown_steps = [tally_step_shown(s) for s in steps]
        assert (
            tally_step_shown(
                "Majority: simple majority (more than half of the votes cast); measured on "
                "2 (votes for and against): 2 vote(s) for needed, 1 given."
            )
            == "Majorité : majorité simple (plus de la moitié des voix exprimées) ; mesurée "
            "sur 2 (voix pour et contre) : 2 voix pour requise(s), 1 obtenue(s)."
        )
    assert "Vote de d écarté : récusé (ni quorum ni vote)." in shown_steps
    assert "Vote de x écarté : pas un membre habilité." in shown_steps
    assert all(fr != en for fr, en in zip(shown_steps, steps, strict=True))


def risk_steps() -> list[str]:
    policy = default_undp_policy()
    cases = [
        RiskIndicators(organisation_type="company", relationship=Relationship.MEMBERSHIP),
        RiskIndicators(
            organisation_type="company",
            relationship=Relationship.FINANCIAL,
            high_risk_sectors=frozenset({"extractives"}),
            controversies=(
                Controversy(Severity.SERIOUS, ControversyStatus.SUBSTANTIATED, "in the press"),
                Controversy(Severity.MINOR, ControversyStatus.ALLEGED, ""),
            ),
            esg_evidence=frozenset(ESG_EVIDENCE_CODES[:5]),
            unresolved_screening_hits=2,
        ),
        RiskIndicators(organisation_type="ngo", relationship=Relationship.IN_KIND),
        RiskIndicators(organisation_type="un_agency", relationship=Relationship.GOVERNANCE),
        RiskIndicators(
            organisation_type="company",
            relationship=Relationship.MEMBERSHIP,
            confirmed_exclusionary_hits=frozenset({policy.criteria[0].code}),
        ),
    ]
    steps: list[str] = []
    for case in cases:
        assessment = assess_risk(case, policy)
        steps.extend(assessment.reasoning)
        if assessment.eligible:
            steps.extend(apply_override(assessment, RiskLevel.HIGH, "Board decision").reasoning)
    return steps


def test_the_risk_reasoning_reads_in_french() -> None:
    steps = risk_steps()
    assert unread(steps, RISK_FORMS) == []
    with translation.override("fr"):
        depth = [risk_step_shown(s) for s in steps if s.startswith("Depth of review")]
        assert depth[0] == "Profondeur de l'examen : standard (entreprise demandant une adhésion)."
        assert (
            "Profondeur de l'examen : simple (organisation non gouvernementale demandant un "
            "partenariat en nature)."
        ) in depth
        total = [risk_step_shown(s) for s in steps if s.startswith("Total ")]
        assert total[0] == (
            "Total de 2 point(s) (modéré à partir de 2, important à partir de 4, élevé à "
            "partir de 6) : niveau de risque modéré."
        )
        override = [risk_step_shown(s) for s in steps if s.startswith("Reviewer override")]
        assert override[0] == (
            "Dérogation de l'examinateur : niveau modéré -> élevé, réévaluer tous les 6 mois. "
            "Motif : Board decision"
        )


@pytest.mark.django_db
def test_the_tier_reasoning_reads_in_french() -> None:
    schedule = default_schedule()
    profiles = [
        OrgProfile(OrgType.COMPANY, IncomeGroup.HIGH, revenue_band=RevenueBand.OVER_1BN),
        OrgProfile(OrgType.NGO, IncomeGroup.LOW, staff_band=StaffBand.FROM_1_TO_10),
        OrgProfile(
            OrgType.FOUNDATION,
            IncomeGroup.UPPER_MIDDLE,
            revenue_band=RevenueBand.UNDER_1M,
            founding=True,
        ),
    ]
    steps: list[str] = []
    for profile in profiles:
        rec = recommend_tier(profile, schedule)
        steps.extend(rec.reasoning)
        steps.extend(recommend_tier(profile, schedule, offer=Decimal("300000.00")).reasoning)
        if rec.tier.waiver_allowed:
            steps.extend(recommend_tier(profile, schedule, waiver_reason="Hardship").reasoning)
    assert unread(steps, TIER_FORMS) == []
    with translation.override("fr"):
        size = [tier_step_shown(s) for s in steps if s.startswith("Size from")]
        assert size[0] == "Taille d'après le chiffre d'affaires ou le budget : plus de 1 Md$ US."
        assert tier_step_shown(steps[0]).startswith("Barème version ")


def test_the_allocation_reasoning_reads_in_french() -> None:
    plan = instalment_schedule(Decimal("30000.00"), "USD", date(2026, 11, 1), years=1, per_year=3)
    receipts = [
        Receipt("R1", date(2026, 11, 2), Decimal("12000.00"), "USD"),
        Receipt("R2", date(2027, 2, 10), Decimal("25000.00"), "USD"),
    ]
    steps = [
        *apply_receipt(plan, receipts).reasoning,
        *apply_receipt(plan, receipts[:1], date(2027, 3, 2)).reasoning,
    ]
    assert unread(steps, ALLOCATION_FORMS) == []
    with translation.override("fr"):
        assert allocation_step_shown(steps[0]) == (
            "Encaissement R1 (2026-11-02) : 10000.00 USD affectés au versement 1 dû le 2026-11-01."
        )
        assert allocation_step_shown(steps[-1]).endswith("en retard au 2027-03-02.")


def test_a_sentence_no_form_knows_is_shown_as_written() -> None:
    with translation.override("fr"):
        assert shown("Counted by hand at the meeting.", TALLY_FORMS) == (
            "Counted by hand at the meeting."
        )
        assert risk_step_shown("Policy note: see annex.") == "Policy note: see annex."


@pytest.mark.django_db
def test_the_steps_funding_actions_add_read_in_french() -> None:
    # As funding.actions writes them for an admitted partner and for a renewal.
    with translation.override("fr"):
        assert tier_step_shown("Renewal from 2027-01-22: re-checked under schedule v1.") == (
            "Renouvellement à partir du 2027-01-22 : revérifié selon le barème v1."
        )
        assert tier_step_shown(
            "Tier 'Supporter' set by the Board's admission decision."
        ).startswith("Catégorie de contribution « ")
        assert tier_step_shown("The earlier offer or waiver no longer stands: x").startswith(
            "L'offre ou la dérogation antérieure ne tient plus : "
        )
