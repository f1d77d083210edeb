"""The engines' English reasoning shown in French: every step each engine writes, over
cases that reach each of its branches, is read back into a catalog msgid (none left in
English), and a sentence no form knows is shown as written."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from alliance.core import labels
from alliance.core.reasoning import Form, shown, value_shown
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
from alliance.funding.actions import tier_schedule_seed
from alliance.funding.models import TierScheduleVersion
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
            "Encaissement R1 (2 novembre 2026) : 10\xa0000,00 USD affectés au versement 1 dû "
            "le 1er novembre 2026."
        )
        assert allocation_step_shown(steps[-1]).endswith("en retard au 2 mars 2027.")


def test_a_sentence_no_form_knows_is_shown_as_written() -> None:
    with translation.override("fr"):
        assert shown("Counted by hand at the meeting.", TALLY_FORMS) == (
            "Counted by hand at the meeting."
        )
        assert risk_step_shown("Policy note: see annex.") == "Policy note: see annex."


# --- Values inside a sentence, as the reader's locale writes them ----------------------

NBSP, NNBSP, RLM = "\xa0", "\u202f", "\u200f"


@pytest.mark.parametrize(
    ("language", "written", "expected"),
    [
        ("fr", "USD 2,500,000.00", f"2{NNBSP}500{NNBSP}000,00{NBSP}USD"),
        ("es", "USD 2,500,000.00", f"2.500.000,00{NBSP}USD"),
        ("ar", "USD 2,500,000.00", f"{RLM}2,500,000.00{NBSP}USD"),
        ("fr", "1234.50", f"1{NBSP}234,50"),
        ("fr", "1,234", f"1{NBSP}234"),
        ("es", "0.5", "0,5"),
        ("ar", "0.5", "0.5"),
        ("ar", "1234.50", "1,234.50"),
        ("fr", "-3", "-3"),
        ("fr", "50%", f"50{NNBSP}%"),
        ("es", "50%", f"50{NBSP}%"),
        ("ar", "50%", "50%"),
        ("fr", "2026-03-01", "1er mars 2026"),
        ("es", "2026-03-01", "1 de marzo de 2026"),
        ("ar", "2026-03-01", "1 مارس، 2026"),
        # Not wholly a value: as written.
        ("fr", "2/3", "2/3"),
        ("fr", "R1", "R1"),
        ("fr", "2026-13-01", "2026-13-01"),
        ("fr", "Amina Diallo", "Amina Diallo"),
        # In the source language every value stays as the engine wrote it.
        ("en-gb", "USD 2,500,000.00", "USD 2,500,000.00"),
        ("en-gb", "1234.50", "1234.50"),
        ("en-gb", "2026-03-01", "2026-03-01"),
    ],
)
def test_a_value_is_shown_as_the_locale_writes_it(language, written, expected) -> None:
    with translation.override(language):
        assert value_shown(written) == expected


def test_the_allocation_amounts_and_dates_read_in_spanish_and_arabic() -> None:
    plan = instalment_schedule(Decimal("30000.00"), "USD", date(2026, 11, 1), years=1, per_year=3)
    receipt = Receipt("1001", date(2026, 11, 2), Decimal("12000.00"), "USD")
    steps = apply_receipt(plan, [receipt], date(2027, 3, 2)).reasoning
    with translation.override("es"):
        assert allocation_step_shown(steps[0]) == (
            f"Ingreso 1001 (2 de noviembre de 2026): 10{NBSP}000,00 USD al pago 1 con "
            "vencimiento el 1 de noviembre de 2026."
        )
    with translation.override("ar"):
        # The receipt's reference is an identifier: as written, even though it is digits.
        assert allocation_step_shown(steps[-1]) == (
            "المستحق 30,000.00، والمستلم 12,000.00: المتبقي 18,000.00، والمدفوع زيادةً 0.00، "
            "والمتأخر 8,000.00 في 2 مارس، 2027."
        )


def test_an_identifier_that_looks_like_a_number_is_kept() -> None:
    with translation.override("fr"):
        assert risk_step_shown("Policy: Policy 2024, version 1234.") == (
            "Politique : Policy 2024, version 1234."
        )
        assert tier_step_shown("Schedule version 2026.1, amounts in USD per year.") == (
            "Barème version 2026.1, montants en USD par an."
        )


@pytest.mark.django_db
def test_every_engine_step_reads_unchanged_in_english() -> None:
    plan = instalment_schedule(Decimal("30000.00"), "USD", date(2026, 11, 1), years=1, per_year=3)
    receipts = [Receipt("R1", date(2026, 11, 2), Decimal("12000.00"), "USD")]
    schedule = default_schedule()
    profile = OrgProfile(OrgType.COMPANY, IncomeGroup.HIGH, revenue_band=RevenueBand.OVER_1BN)
    tiers = [*recommend_tier(profile, schedule).reasoning]
    tiers += recommend_tier(profile, schedule, offer=Decimal("2500000.00")).reasoning
    with translation.override("en-gb"):
        for step in tally_steps():
            assert tally_step_shown(step) == step
        for step in risk_steps():
            assert risk_step_shown(step) == step
        for step in tiers:
            assert tier_step_shown(step) == step
        for step in apply_receipt(plan, receipts, date(2027, 3, 2)).reasoning:
            assert allocation_step_shown(step) == step


@pytest.mark.django_db
def test_the_tier_amounts_read_in_french() -> None:
    schedule = default_schedule()
    profile = OrgProfile(OrgType.COMPANY, IncomeGroup.HIGH, revenue_band=RevenueBand.OVER_1BN)
    steps = recommend_tier(profile, schedule, offer=Decimal("2500000.00")).reasoning
    offer = next(s for s in steps if s.startswith("The applicant offers"))
    share = next(s for s in steps if s.startswith("Up to "))
    with translation.override("fr"):
        assert tier_step_shown(offer) == (
            f"Le candidat propose 2{NNBSP}500{NNBSP}000,00{NBSP}USD par an."
        )
        assert tier_step_shown(share) == (
            f"Jusqu'à 25{NNBSP}% (625{NNBSP}000,00{NBSP}USD) peuvent être apportés en nature "
            "(expertise, technologie, réseaux, organisation de réunions) à leur valeur déclarée."
        )


# --- One English word, agreed as each kind of code wants ------------------------------


def test_moderate_agrees_with_a_controversy_and_with_a_risk_level_in_spanish() -> None:
    with translation.override("es"):
        assert risk_step_shown("Controversy, moderate, resolved: +2.") == (
            "Controversia, moderada, resuelta: +2."
        )
        assert risk_step_shown("Re-assess every 12 months at level moderate.").endswith(
            "nivel moderado."
        )
        assert risk_step_shown(
            "ESG commitment none (0 of 11 principles evidenced: UN Global Compact and UNGPs): +2."
        ).startswith("Compromiso ASG ninguno ")
    with translation.override("fr"):
        assert risk_step_shown("Controversy, moderate, alleged: +2.") == (
            "Controverse, modérée, alléguée : +2."
        )
        assert risk_step_shown(
            "Reviewer override: level RiskLevel.MODERATE -> high, re-assess "
            "every 6 months. Reason: 2024"
        ).endswith("Motif : 2024")


# --- A tier's name as the schedule version the reasoning used translates it --------------


@pytest.mark.django_db
def test_a_tier_step_names_the_tier_as_its_own_schedule_version_translates_it() -> None:
    tier_schedule_seed()
    used = TierScheduleVersion.objects.get(number=1)
    used.translations = {"fr": {"strategic_partner.name": "Partenaire stratégique"}}
    used.save()
    TierScheduleVersion.objects.create(
        number=2,
        label="2",
        schedule=used.schedule,
        effective_from=date(2024, 1, 1),
        decision_note="A later schedule",
        translations={"fr": {"strategic_partner.name": "Grand partenaire"}},
    )
    step = "Contributions in the tier Strategic partner are in cash."
    with translation.override("fr"):
        assert tier_step_shown(step, used) == (
            "Les contributions de la catégorie Partenaire stratégique sont en espèces."
        )
        # No version recorded (an assignment made before versions were kept): in force.
        assert tier_step_shown(step) == (
            "Les contributions de la catégorie Grand partenaire sont en espèces."
        )


def test_the_recommendations_own_note_reads_in_arabic() -> None:
    with translation.override("ar"):
        assert (
            tier_step_shown("No home-country income group given: the high-income rate applies.")
            == "لم تُذكر فئة دخل البلد الأصلي: يُطبَّق معدل البلدان المرتفعة الدخل."
        )


@pytest.mark.django_db
def test_the_steps_funding_actions_add_read_in_french() -> None:
    # As funding.actions writes them for an admitted partner and for a renewal.
    with translation.override("fr"):
        assert tier_step_shown("Renewal from 2027-01-22: re-checked under schedule v1.") == (
            "Renouvellement à partir du 22 janvier 2027 : revérifié selon le barème v1."
        )
        assert tier_step_shown(
            "Tier 'Supporter' set by the Board's admission decision."
        ).startswith("Catégorie de contribution « ")
        assert tier_step_shown("The earlier offer or waiver no longer stands: x").startswith(
            "L'offre ou la dérogation antérieure ne tient plus : "
        )


@pytest.mark.django_db
def test_a_renewals_own_lines_read_in_french() -> None:
    """funding.actions.partnership_renew's lines (and the engine's reason an earlier offer
    or waiver fails, which it quotes); the applicant's own waiver reason stays as written."""
    tier_schedule_seed()
    with translation.override("fr"):
        assert tier_step_shown("Renewal from 2027-01-15: re-checked under schedule v2.") == (
            "Renouvellement à partir du 15 janvier 2027 : revérifié selon le barème v2."
        )
        assert tier_step_shown(
            "The earlier offer or waiver no longer stands: A waiver needs a written reason."
        ) == (
            "L'offre ou la dérogation antérieure ne tient plus : "
            "Une dérogation demande une raison écrite."
        )
        assert tier_step_shown(
            "Waiver asked for, which the tier Supporter allows: "
            "Renewal of the waiver granted from 2026-01-15."
        ).endswith(": Reconduction de la dérogation accordée à partir du 15 janvier 2026.")
        assert tier_step_shown(
            "Waiver asked for, which the tier Supporter allows: Hardship"
        ).endswith(": Hardship")


def test_arabic_numbers_take_cldrs_separators_for_latin_digits() -> None:
    """As Babel (CLDR) writes generic ``ar`` with its default ``latn`` digits."""
    babel_numbers = pytest.importorskip("babel.numbers")
    with translation.override("ar"):
        assert value_shown("1234567.5") == babel_numbers.format_decimal(1234567.5, locale="ar")
        assert labels.money(Decimal("2500000"), "USD") == f"{RLM}2,500,000.00{NBSP}USD"
