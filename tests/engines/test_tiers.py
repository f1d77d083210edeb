"""Tier schedule, tier recommendation, and the exact money helpers for pledges."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.engines.tiers import (
    NO_SIZE_BAND,
    OFFER_AND_WAIVER,
    OFFER_BELOW_SCHEDULE,
    WAIVER_NOT_ALLOWED,
    WAIVER_REASON_REQUIRED,
    IncomeGroup,
    InstalmentStatus,
    OrgProfile,
    OrgType,
    Receipt,
    RevenueBand,
    StaffBand,
    TierError,
    add_months,
    apply_receipt,
    convert,
    default_schedule,
    instalment_schedule,
    recommend_tier,
)
from alliance.engines.tiers.schedule import words

D = Decimal
SCHEDULE = default_schedule()


def profile(
    org_type: OrgType = OrgType.COMPANY,
    band: RevenueBand | None = RevenueBand.FROM_10M_TO_100M,
    income: IncomeGroup = IncomeGroup.HIGH,
    **kw: object,
) -> OrgProfile:
    return OrgProfile(org_type=org_type, income_group=income, revenue_band=band, **kw)  # type: ignore[arg-type]


# --- the schedule -----------------------------------------------------------------------

# (type, band, income) -> (tier code, annual amount). Worked by hand from the documented
# rule: base by band x type multiplier x income multiplier, rounded, floor 250.
TABLE = [
    (OrgType.COMPANY, RevenueBand.OVER_1BN, IncomeGroup.HIGH, "strategic_partner", "250000"),
    (
        OrgType.COMPANY,
        RevenueBand.OVER_1BN,
        IncomeGroup.UPPER_MIDDLE,
        "strategic_partner",
        "125000",
    ),
    # 250,000 x 0.25 = 62,500: rounds half up to 63,000 on the 1,000 step.
    (OrgType.COMPANY, RevenueBand.OVER_1BN, IncomeGroup.LOWER_MIDDLE, "partner", "63000"),
    (OrgType.COMPANY, RevenueBand.OVER_1BN, IncomeGroup.LOW, "partner", "25000"),
    (
        OrgType.COMPANY,
        RevenueBand.FROM_100M_TO_1BN,
        IncomeGroup.HIGH,
        "strategic_partner",
        "120000",
    ),
    (OrgType.COMPANY, RevenueBand.FROM_10M_TO_100M, IncomeGroup.HIGH, "partner", "40000"),
    (OrgType.COMPANY, RevenueBand.FROM_1M_TO_10M, IncomeGroup.HIGH, "partner", "10000"),
    (OrgType.COMPANY, RevenueBand.UNDER_1M, IncomeGroup.HIGH, "supporter", "2500"),
    (OrgType.FOUNDATION, RevenueBand.OVER_1BN, IncomeGroup.HIGH, "strategic_partner", "200000"),
    (
        OrgType.FOUNDATION,
        RevenueBand.FROM_10M_TO_100M,
        IncomeGroup.UPPER_MIDDLE,
        "partner",
        "16000",
    ),
    (OrgType.GOVERNMENT, RevenueBand.OVER_1BN, IncomeGroup.HIGH, "strategic_partner", "200000"),
    (OrgType.GOVERNMENT, RevenueBand.OVER_1BN, IncomeGroup.LOW, "partner", "20000"),
    (OrgType.UN_AGENCY, RevenueBand.OVER_1BN, IncomeGroup.HIGH, "strategic_partner", "125000"),
    (OrgType.UN_AGENCY, RevenueBand.FROM_100M_TO_1BN, IncomeGroup.HIGH, "partner", "60000"),
    (OrgType.ACADEMIC, RevenueBand.FROM_100M_TO_1BN, IncomeGroup.HIGH, "partner", "36000"),
    (OrgType.ACADEMIC, RevenueBand.FROM_1M_TO_10M, IncomeGroup.LOWER_MIDDLE, "supporter", "750"),
    (OrgType.NGO, RevenueBand.OVER_1BN, IncomeGroup.HIGH, "partner", "75000"),
    (OrgType.NGO, RevenueBand.FROM_1M_TO_10M, IncomeGroup.UPPER_MIDDLE, "supporter", "1500"),
    # 2,500 x 0.3 x 0.1 = 75, rounds to 0 on the 250 step, lifted to the 250 floor.
    (OrgType.NGO, RevenueBand.UNDER_1M, IncomeGroup.LOW, "supporter", "250"),
    (OrgType.NETWORK, RevenueBand.FROM_10M_TO_100M, IncomeGroup.HIGH, "partner", "12000"),
    (OrgType.NETWORK, RevenueBand.UNDER_1M, IncomeGroup.LOWER_MIDDLE, "supporter", "250"),
    (OrgType.OTHER, RevenueBand.FROM_10M_TO_100M, IncomeGroup.HIGH, "partner", "20000"),
    (OrgType.OTHER, RevenueBand.UNDER_1M, IncomeGroup.UPPER_MIDDLE, "supporter", "750"),
]


@pytest.mark.parametrize(("org_type", "band", "income", "tier", "amount"), TABLE)
def test_recommendation_table(
    org_type: OrgType, band: RevenueBand, income: IncomeGroup, tier: str, amount: str
) -> None:
    rec = recommend_tier(profile(org_type, band, income), SCHEDULE)
    assert rec.tier.code == tier
    assert rec.annual_amount == D(amount)
    assert isinstance(rec.annual_amount, Decimal)
    assert rec.currency == "USD"
    assert rec.schedule_version == SCHEDULE.version
    assert any(words(band) in step for step in rec.reasoning)
    assert any(words(income) in step for step in rec.reasoning)
    assert not any("'" in step or "_" in step for step in rec.reasoning)  # words, not codes


def test_table_covers_every_type_band_and_income_group() -> None:
    assert {row[0] for row in TABLE} == set(OrgType)
    assert {row[1] for row in TABLE} == set(RevenueBand)
    assert {row[2] for row in TABLE} == set(IncomeGroup)


def test_schedule_is_monotone_in_capacity() -> None:
    """More revenue, or a richer home country, never suggests less."""
    bands, incomes = list(RevenueBand), list(IncomeGroup)
    for org_type in OrgType:
        for income in incomes:
            amounts = [SCHEDULE.amount_for(org_type, b, income) for b in bands]
            assert amounts == sorted(amounts)
        for band in bands:
            amounts = [SCHEDULE.amount_for(org_type, band, i) for i in incomes]
            assert amounts == sorted(amounts)


def test_rows_expand_the_whole_table_in_decimal() -> None:
    rows = list(SCHEDULE.rows())
    assert len(rows) == len(OrgType) * len(RevenueBand) * len(IncomeGroup)
    for row in rows:
        assert row.annual_amount >= SCHEDULE.floor
        assert row.annual_amount >= row.tier.minimum_annual_cash
        assert row.cash_minimum + row.in_kind_maximum == row.annual_amount
    assert {row.tier.code for row in rows} == {"strategic_partner", "partner", "supporter"}


def test_staff_band_stands_in_when_no_revenue_band() -> None:
    rec = recommend_tier(
        profile(OrgType.NGO, None, IncomeGroup.HIGH, staff_band=StaffBand.FROM_51_TO_250),
        SCHEDULE,
    )
    assert rec.annual_amount == D(12000)  # the 10m_100m band for an NGO
    assert any("staff band (51–250 staff)" in step for step in rec.reasoning)


def test_no_size_band_is_a_clear_error() -> None:
    with pytest.raises(TierError) as err:
        recommend_tier(profile(band=None), SCHEDULE)
    assert err.value.code == NO_SIZE_BAND


def test_board_override_of_a_single_cell() -> None:
    key = (OrgType.ACADEMIC, RevenueBand.OVER_1BN, IncomeGroup.HIGH)
    schedule = replace(SCHEDULE, version="2026-2", overrides=MappingProxyType({key: D(100000)}))
    rec = recommend_tier(profile(*key), schedule)
    assert rec.tier.code == "strategic_partner" and rec.annual_amount == D(100000)
    assert any("fixed this cell" in step for step in rec.reasoning)
    # The old version still answers as it did: a schedule change affects only new asks.
    assert recommend_tier(profile(*key), SCHEDULE).annual_amount == D(75000)


# --- offers, waivers, founding ------------------------------------------------------------


def test_offer_above_a_tier_minimum_moves_up() -> None:
    rec = recommend_tier(profile(), SCHEDULE, offer=D(100000))
    assert rec.tier.code == "strategic_partner"
    assert rec.annual_amount == D(100000)
    assert any("moved up" in step for step in rec.reasoning)


def test_offer_more_within_the_same_tier_keeps_the_tier() -> None:
    rec = recommend_tier(profile(), SCHEDULE, offer=D("55000.50"))
    assert rec.tier.code == "partner" and rec.annual_amount == D("55000.50")


def test_offer_below_schedule_is_refused() -> None:
    with pytest.raises(TierError) as err:
        recommend_tier(profile(), SCHEDULE, offer=D(39999))
    assert err.value.code == OFFER_BELOW_SCHEDULE


def test_waiver_for_a_supporter_with_reason() -> None:
    small_ngo = profile(OrgType.NGO, RevenueBand.UNDER_1M, IncomeGroup.LOW)
    rec = recommend_tier(small_ngo, SCHEDULE, waiver_reason="  Volunteer-run, no budget line  ")
    assert rec.waived and rec.annual_amount == D(0)
    assert rec.waiver_reason == "Volunteer-run, no budget line"
    assert rec.tier.code == "supporter"


@pytest.mark.parametrize("reason", ["", "   "])
def test_waiver_needs_a_reason(reason: str) -> None:
    small_ngo = profile(OrgType.NGO, RevenueBand.UNDER_1M, IncomeGroup.LOW)
    with pytest.raises(TierError) as err:
        recommend_tier(small_ngo, SCHEDULE, waiver_reason=reason)
    assert err.value.code == WAIVER_REASON_REQUIRED


@pytest.mark.parametrize(
    "band", [RevenueBand.FROM_10M_TO_100M, RevenueBand.OVER_1BN]
)  # partner, strategic partner
def test_waiver_refused_where_the_tier_does_not_allow_it(band: RevenueBand) -> None:
    with pytest.raises(TierError) as err:
        recommend_tier(profile(band=band), SCHEDULE, waiver_reason="We are busy")
    assert err.value.code == WAIVER_NOT_ALLOWED


def test_offer_as_float_is_refused() -> None:
    with pytest.raises(TypeError):
        recommend_tier(profile(), SCHEDULE, offer=50000.0)  # type: ignore[arg-type]


def test_offer_and_waiver_together_are_refused() -> None:
    with pytest.raises(TierError) as err:
        recommend_tier(profile(), SCHEDULE, offer=D(50000), waiver_reason="why not")
    assert err.value.code == OFFER_AND_WAIVER


def test_in_kind_share_by_tier() -> None:
    supporter = recommend_tier(profile(band=RevenueBand.UNDER_1M), SCHEDULE)
    assert supporter.in_kind_allowed and supporter.in_kind_maximum == D(2500)
    partner = recommend_tier(profile(), SCHEDULE)
    assert partner.in_kind_maximum == D(20000)  # half of 40,000
    strategic = recommend_tier(profile(band=RevenueBand.OVER_1BN), SCHEDULE)
    assert strategic.in_kind_maximum == D(62500)  # a quarter of 250,000


def test_founding_is_a_recognition_passed_through_not_a_tier() -> None:
    plain = recommend_tier(profile(), SCHEDULE)
    founding = recommend_tier(profile(founding=True), SCHEDULE)
    assert founding.founding and not plain.founding
    assert (founding.tier, founding.annual_amount) == (plain.tier, plain.annual_amount)
    assert any("Founding partner" in step for step in founding.reasoning)
    assert "founding" not in {t.code for t in SCHEDULE.tiers}


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("100.00", "1.0850", "108.50"),
        ("0.125", "1", "0.12"),  # half to even: down
        ("0.135", "1", "0.14"),  # half to even: up
        ("1000000.00", "0.9215", "921500.00"),
        ("333333.33", "156.27", "52089999.48"),  # JPY-sized rates: 52,089,999.4791
    ],
)
def test_convert_is_exact_with_bankers_rounding(amount: str, rate: str, expected: str) -> None:
    assert convert(D(amount), D(rate)) == D(expected)


def test_convert_refuses_floats() -> None:
    with pytest.raises(TypeError):
        convert(100.0, D(1))  # type: ignore[arg-type]


def test_add_months_clamps_to_month_end_and_crosses_years() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)


def test_instalments_across_year_boundaries_sum_exactly() -> None:
    plan = instalment_schedule(D("1000000.00"), "USD", date(2026, 10, 31), years=3, per_year=4)
    assert len(plan) == 12
    assert [i.due for i in plan[:4]] == [
        date(2026, 10, 31),
        date(2027, 1, 31),
        date(2027, 4, 30),
        date(2027, 7, 31),
    ]
    assert plan[-1].due == date(2029, 7, 31)
    assert all(i.amount == D("83333.33") for i in plan[:-1])
    assert plan[-1].amount == D("83333.37")  # remainder on the last instalment
    assert sum(i.amount for i in plan) == D("1000000.00")


def test_instalments_in_another_currency() -> None:
    plan = instalment_schedule(D("250000.00"), "EUR", date(2026, 12, 15), years=2, per_year=12)
    assert {i.currency for i in plan} == {"EUR"}
    assert sum(i.amount for i in plan) == D("250000.00")
    assert plan[1].due == date(2027, 1, 15)
    # Reported in the base currency at the recorded rate, instalment by instalment.
    # 23 x 10,416.66 EUR -> 11,293.74 USD each; the last 10,416.82 EUR -> 11,293.92 USD.
    usd = [convert(i.amount, D("1.0842")) for i in plan]
    assert usd[0] == D("11293.74") and usd[-1] == D("11293.92")
    assert sum(usd) == D("271049.94")  # six cents under converting the total at once
    assert convert(D("250000.00"), D("1.0842")) == D("271050.00")


@settings(max_examples=150, deadline=None)
@given(
    total=st.decimals(min_value=D("1.20"), max_value=D("99999999.99"), places=2),
    years=st.integers(1, 10),
    per_year=st.sampled_from([1, 2, 3, 4, 6, 12]),
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
)
def test_instalments_always_sum_exactly(
    total: Decimal, years: int, per_year: int, start: date
) -> None:
    plan = instalment_schedule(total, "GBP", start, years, per_year)
    assert sum(i.amount for i in plan) == total
    assert all(i.amount > 0 for i in plan)
    assert all(a.due < b.due for a, b in itertools.pairwise(plan))
    assert all(i.amount == plan[0].amount for i in plan[:-1])


@pytest.mark.parametrize(
    ("total", "per_year"),
    [(D("100.001"), 1), (D("0"), 1), (D("100"), 5), (D("0.11"), 12)],
)
def test_instalment_schedule_refuses_bad_input(total: Decimal, per_year: int) -> None:
    with pytest.raises(ValueError):
        instalment_schedule(total, "USD", date(2026, 1, 1), 1, per_year)


def receipt(ref: str, day: date, amount: str, currency: str = "USD") -> Receipt:
    return Receipt(ref, day, D(amount), currency)


PLAN = instalment_schedule(D("30000.00"), "USD", date(2026, 11, 1), years=1, per_year=3)


def test_underpayment_leaves_an_instalment_partly_paid_and_overdue() -> None:
    alloc = apply_receipt(PLAN, [receipt("R1", date(2026, 11, 3), "7500.00")], date(2027, 3, 2))
    first, second, third = alloc.instalments
    assert (first.paid, first.outstanding, first.status) == (
        D("7500.00"),
        D("2500.00"),
        InstalmentStatus.PARTLY_PAID,
    )
    assert first.overdue and second.overdue and not third.overdue  # 2027-03-01 passed
    assert second.status is InstalmentStatus.UNPAID
    assert alloc.underpaid == D("22500.00")
    assert alloc.overdue == D("12500.00")
    assert alloc.overpaid == 0


def test_receipts_fill_the_oldest_instalment_first_and_overpayment_is_reported() -> None:
    receipts = [
        receipt("R2", date(2027, 2, 10), "15000.00"),
        receipt("R1", date(2026, 11, 2), "12000.00"),
        receipt("R3", date(2027, 7, 1), "5000.00"),
    ]
    alloc = apply_receipt(PLAN, receipts)
    assert [r.status for r in alloc.instalments] == [InstalmentStatus.PAID] * 3
    assert alloc.instalments[0].receipts == (("R1", D("10000.00")),)
    assert alloc.instalments[1].receipts == (("R1", D("2000.00")), ("R2", D("8000.00")))
    assert alloc.instalments[2].receipts == (("R2", D("7000.00")), ("R3", D("3000.00")))
    assert alloc.overpaid == D("2000.00") and alloc.underpaid == 0
    assert alloc.total_received == D("32000.00")
    assert any("overpayment" in step for step in alloc.reasoning)


def test_receipt_in_another_currency_must_be_converted_first() -> None:
    with pytest.raises(ValueError, match="convert it first"):
        apply_receipt(PLAN, [receipt("R1", date(2026, 11, 2), "100.00", "EUR")])


def test_receipt_with_fractional_cents_is_refused() -> None:
    with pytest.raises(ValueError):
        apply_receipt(PLAN, [receipt("R1", date(2026, 11, 2), "100.001")])


# --- the schedule as stored data, and the runway ------------------------------------------


def test_a_schedule_survives_a_json_round_trip_exactly() -> None:
    import json

    from alliance.engines.tiers import schedule_from_dict, schedule_to_dict

    changed = replace(
        SCHEDULE,
        version="2027-1",
        overrides=MappingProxyType({(OrgType.NGO, RevenueBand.UNDER_1M, IncomeGroup.LOW): D("0")}),
    )
    for schedule in (SCHEDULE, changed):
        data = json.loads(json.dumps(schedule_to_dict(schedule)))
        assert schedule_from_dict(data) == schedule
    data = schedule_to_dict(SCHEDULE)
    data["floor"] = 250.0
    with pytest.raises(TypeError):
        schedule_from_dict(data)
    with pytest.raises(ValueError):
        schedule_from_dict({**data, "format": "something else"})


def test_runway_walks_the_budget_month_by_month() -> None:
    from alliance.engines.tiers import runway

    budgets = {2026: D("1200000"), 2027: D("2400000")}
    result = runway(D("1500000"), budgets, date(2026, 1, 1))
    # 12 months at 100k, then 200k a month: 300k left covers one more month.
    assert (result.months, result.runs_out) == (13, date(2027, 2, 1))
    assert result.monthly_burn == D("100000.00")
    covered = runway(D("3600000"), budgets, date(2026, 1, 1))
    assert (covered.months, covered.runs_out) == (24, None)
    assert runway(D("0"), budgets, date(2026, 1, 1)).months == 0
    with pytest.raises(TypeError):
        runway(1.5, budgets, date(2026, 1, 1))  # type: ignore[arg-type]
