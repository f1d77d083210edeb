"""The contribution schedule as data, and the tier recommendation as a pure function.

Rather than a 160-row literal table, a schedule is a few principled numbers that the
Board can read and change (docs/engines.md, "Tier schedule"):

    suggested amount = base amount for the size band
                       x multiplier for the organisation type
                       x multiplier for the home country's income group,
                       rounded to a sensible step, never below the floor.

The tier is the highest tier whose minimum annual cash the amount reaches. Any single
cell can still be fixed by hand through ``TierSchedule.overrides``. ``rows()`` expands
the whole table for publication.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

BASE_CURRENCY = "USD"


class OrgType(StrEnum):
    COMPANY = "company"
    NGO = "ngo"
    GOVERNMENT = "government"
    UN_AGENCY = "un_agency"
    ACADEMIC = "academic"
    FOUNDATION = "foundation"
    NETWORK = "network"
    OTHER = "other"


class RevenueBand(StrEnum):
    """Annual revenue (companies) or budget (everyone else), in US dollars."""

    UNDER_1M = "under_1m"
    FROM_1M_TO_10M = "1m_10m"
    FROM_10M_TO_100M = "10m_100m"
    FROM_100M_TO_1BN = "100m_1bn"
    OVER_1BN = "over_1bn"


class StaffBand(StrEnum):
    FROM_1_TO_10 = "1_10"
    FROM_11_TO_50 = "11_50"
    FROM_51_TO_250 = "51_250"
    FROM_251_TO_1000 = "251_1000"
    OVER_1000 = "over_1000"


class IncomeGroup(StrEnum):
    """World Bank income group of the organisation's home country."""

    LOW = "low"
    LOWER_MIDDLE = "lower_middle"
    UPPER_MIDDLE = "upper_middle"
    HIGH = "high"


# When only a staff band is known, it stands in for the revenue band of the same rank.
STAFF_TO_REVENUE = MappingProxyType(
    dict(zip(StaffBand, RevenueBand, strict=True)),
)


class TierError(ValueError):
    """A request the schedule refuses; ``code`` is one of the constants below."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


WAIVER_NOT_ALLOWED = "waiver_not_allowed"
WAIVER_REASON_REQUIRED = "waiver_reason_required"
OFFER_BELOW_SCHEDULE = "offer_below_schedule"
OFFER_AND_WAIVER = "offer_and_waiver"
NO_SIZE_BAND = "no_size_band"


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    name: str
    rank: int  # higher is bigger
    benefits: tuple[str, ...]
    minimum_annual_cash: Decimal
    in_kind_share_max: Decimal  # fraction of the amount that may be given in kind, 0..1
    waiver_allowed: bool

    @property
    def in_kind_allowed(self) -> bool:
        return self.in_kind_share_max > 0


@dataclass(frozen=True, slots=True)
class FoundingRecognition:
    """Founding status: a recognition of the founding cohort, not a tier one can pick."""

    description: str
    indicative_commitment: Decimal  # total over the commitment years, base currency
    commitment_years: int


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    org_type: OrgType
    size_band: RevenueBand
    income_group: IncomeGroup
    tier: Tier
    annual_amount: Decimal  # base currency, per year
    cash_minimum: Decimal  # the part that must be cash
    in_kind_maximum: Decimal  # the part that may be given in kind instead


@dataclass(frozen=True, slots=True)
class TierSchedule:
    version: str
    tiers: tuple[Tier, ...]
    base_by_band: Mapping[RevenueBand, Decimal]
    type_multiplier: Mapping[OrgType, Decimal]
    income_multiplier: Mapping[IncomeGroup, Decimal]
    floor: Decimal  # no suggested amount goes below this (a waiver can still remove it)
    founding: FoundingRecognition
    overrides: Mapping[tuple[OrgType, RevenueBand, IncomeGroup], Decimal] = field(
        default_factory=lambda: MappingProxyType({})
    )
    currency: str = BASE_CURRENCY

    def tiers_by_rank(self) -> tuple[Tier, ...]:
        return tuple(sorted(self.tiers, key=lambda t: t.rank))

    def tier_for_amount(self, amount: Decimal) -> Tier:
        """The highest tier whose minimum annual cash ``amount`` reaches."""
        reached = [t for t in self.tiers if amount >= t.minimum_annual_cash]
        if not reached:
            return self.tiers_by_rank()[0]
        return max(reached, key=lambda t: t.rank)

    def amount_for(self, org_type: OrgType, band: RevenueBand, income: IncomeGroup) -> Decimal:
        key = (org_type, band, income)
        if key in self.overrides:
            return self.overrides[key].quantize(Decimal("0.01"))
        raw = self.base_by_band[band] * self.type_multiplier[org_type]
        raw *= self.income_multiplier[income]
        return max(round_to_step(raw), self.floor).quantize(Decimal("0.01"))

    def row(self, org_type: OrgType, band: RevenueBand, income: IncomeGroup) -> ScheduleRow:
        amount = self.amount_for(org_type, band, income)
        tier = self.tier_for_amount(amount)
        in_kind = (amount * tier.in_kind_share_max).quantize(Decimal("0.01"))
        return ScheduleRow(org_type, band, income, tier, amount, amount - in_kind, in_kind)

    def rows(self) -> Iterator[ScheduleRow]:
        """Every cell of the schedule, for publication and review by the Board."""
        for org_type in OrgType:
            for band in RevenueBand:
                for income in IncomeGroup:
                    yield self.row(org_type, band, income)


def round_to_step(amount: Decimal) -> Decimal:
    """Round to a step people would write on an invoice: 250 below 10k, 1k below 100k,
    5k above."""
    if amount < 10_000:
        step = Decimal(250)
    elif amount < 100_000:
        step = Decimal(1_000)
    else:
        step = Decimal(5_000)
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


@dataclass(frozen=True, slots=True)
class OrgProfile:
    org_type: OrgType
    income_group: IncomeGroup
    revenue_band: RevenueBand | None = None
    staff_band: StaffBand | None = None
    founding: bool = False  # member of the founding cohort: recognised, not chosen


@dataclass(frozen=True, slots=True)
class TierRecommendation:
    tier: Tier
    annual_amount: Decimal
    currency: str
    in_kind_allowed: bool
    in_kind_maximum: Decimal
    waived: bool
    waiver_reason: str | None
    founding: bool
    schedule_version: str
    reasoning: tuple[str, ...]


# Words for the codes in the reasoning a person reads (the codes stay in the data).
WORDS: dict[str, str] = {
    "company": "company",
    "ngo": "non-governmental organisation",
    "government": "government body",
    "un_agency": "UN agency",
    "academic": "academic institution",
    "foundation": "foundation",
    "network": "network",
    "other": "other organisation",
    "under_1m": "under US$1M",
    "1m_10m": "US$1M–10M",
    "10m_100m": "US$10M–100M",
    "100m_1bn": "US$100M–1bn",
    "over_1bn": "over US$1bn",
    "1_10": "1–10 staff",
    "11_50": "11–50 staff",
    "51_250": "51–250 staff",
    "251_1000": "251–1,000 staff",
    "over_1000": "over 1,000 staff",
    "low": "low income",
    "lower_middle": "lower-middle income",
    "upper_middle": "upper-middle income",
    "high": "high income",
}


def words(code: str) -> str:
    """The words for a schedule code (an organisation type, band or income group)."""
    value = str(getattr(code, "value", code))
    return WORDS.get(value, value.replace("_", " "))


def _money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


def recommend_tier(
    profile: OrgProfile,
    schedule: TierSchedule,
    *,
    offer: Decimal | None = None,
    waiver_reason: str | None = None,
) -> TierRecommendation:
    """Propose a tier and annual amount for ``profile``, with the reasoning shown."""
    cur = schedule.currency
    steps: list[str] = [f"Schedule version {schedule.version}, amounts in {cur} per year."]
    if offer is not None and not (isinstance(offer, Decimal) and offer.is_finite()):
        raise TypeError("an offer must be a finite decimal.Decimal, never a float")
    if offer is not None and waiver_reason is not None:
        raise TierError(
            OFFER_AND_WAIVER, "An applicant can offer more or ask for a waiver, not both."
        )

    if profile.revenue_band is not None:
        band = profile.revenue_band
        steps.append(f"Size from revenue or budget: {words(band)}.")
    elif profile.staff_band is not None:
        band = STAFF_TO_REVENUE[profile.staff_band]
        steps.append(
            f"No revenue or budget given; the staff band ({words(profile.staff_band)}) "
            f"stands in for the size band {words(band)}."
        )
    else:
        raise TierError(NO_SIZE_BAND, "A revenue/budget band or a staff band is needed.")

    key = (profile.org_type, band, profile.income_group)
    if key in schedule.overrides:
        steps.append(
            f"The Board fixed this cell of the schedule by hand: {schedule.overrides[key]}."
        )
    else:
        base = schedule.base_by_band[band]
        t_mult = schedule.type_multiplier[profile.org_type]
        i_mult = schedule.income_multiplier[profile.income_group]
        steps.append(
            f"Base for size {words(band)}: {_money(base, cur)}; × {t_mult} for a "
            f"{words(profile.org_type)}; × {i_mult} for a home country of "
            f"{words(profile.income_group)} = {_money(base * t_mult * i_mult, cur)}."
        )
    row = schedule.row(profile.org_type, band, profile.income_group)
    steps.append(
        f"Rounded to a step, at least the floor of {_money(schedule.floor, cur)}: "
        f"{_money(row.annual_amount, cur)}, which falls in the tier {row.tier.name} "
        f"(minimum {_money(row.tier.minimum_annual_cash, cur)})."
    )
    tier, amount = row.tier, row.annual_amount

    waived = False
    if offer is not None:
        if offer < amount:
            raise TierError(
                OFFER_BELOW_SCHEDULE,
                f"An offer of {_money(offer, cur)} is below the suggested {_money(amount, cur)}; "
                "ask for a waiver instead, with a reason.",
            )
        offered_tier = schedule.tier_for_amount(offer)
        steps.append(f"The applicant offers {_money(offer, cur)} a year.")
        if offered_tier.rank > tier.rank:
            steps.append(
                f"The offer reaches the minimum of the tier {offered_tier.name} "
                f"({_money(offered_tier.minimum_annual_cash, cur)}): moved up."
            )
            tier = offered_tier
        amount = offer
    elif waiver_reason is not None:
        if not tier.waiver_allowed:
            raise TierError(
                WAIVER_NOT_ALLOWED,
                f"The tier {tier.name} does not allow the contribution to be waived.",
            )
        if not waiver_reason.strip():
            raise TierError(WAIVER_REASON_REQUIRED, "A waiver needs a written reason.")
        waived = True
        steps.append(
            f"Waiver asked for, which the tier {tier.name} allows: {waiver_reason.strip()}"
        )
        amount = Decimal("0.00")

    in_kind_max = (amount * tier.in_kind_share_max).quantize(Decimal("0.01"))
    if tier.in_kind_allowed and not waived:
        steps.append(
            f"Up to {tier.in_kind_share_max:.0%} ({_money(in_kind_max, cur)}) may be given in "
            "kind (expertise, technology, networks, convening) at its declared value."
        )
    elif not waived:
        steps.append(f"Contributions in the tier {tier.name} are in cash.")
    if profile.founding:
        f = schedule.founding
        steps.append(f"Founding partner: {f.description} This recognition stays whatever the tier.")
    return TierRecommendation(
        tier=tier,
        annual_amount=amount.quantize(Decimal("0.01")),
        currency=cur,
        in_kind_allowed=tier.in_kind_allowed,
        in_kind_maximum=in_kind_max,
        waived=waived,
        waiver_reason=waiver_reason.strip() if waived and waiver_reason else None,
        founding=profile.founding,
        schedule_version=schedule.version,
        reasoning=tuple(steps),
    )


def default_schedule() -> TierSchedule:
    """The seeded schedule, shaped like the ID2020 Alliance model (see docs/engines.md)."""
    d = Decimal
    strategic = Tier(
        code="strategic_partner",
        name="Strategic partner",
        rank=3,
        benefits=(
            "Recognition as a strategic partner on the public register",
            "Eligible for a Board seat where the governance rules provide one",
            "May chair working groups and advisory committees",
            "Participation in every working group",
        ),
        minimum_annual_cash=d(100_000),
        in_kind_share_max=d("0.25"),
        waiver_allowed=False,
    )
    partner = Tier(
        code="partner",
        name="Partner",
        rank=2,
        benefits=(
            "Recognition as a partner on the public register",
            "Participation in working groups and advisory committees",
        ),
        minimum_annual_cash=d(10_000),
        in_kind_share_max=d("0.5"),
        waiver_allowed=False,
    )
    supporter = Tier(
        code="supporter",
        name="Supporter",
        rank=1,
        benefits=(
            "Recognition as a supporter on the public register",
            "Participation in working groups",
        ),
        minimum_annual_cash=d(0),
        in_kind_share_max=d(1),
        waiver_allowed=True,
    )
    return TierSchedule(
        version="2026-1",
        tiers=(strategic, partner, supporter),
        base_by_band=MappingProxyType(
            {
                RevenueBand.UNDER_1M: d(2_500),
                RevenueBand.FROM_1M_TO_10M: d(10_000),
                RevenueBand.FROM_10M_TO_100M: d(40_000),
                RevenueBand.FROM_100M_TO_1BN: d(120_000),
                RevenueBand.OVER_1BN: d(250_000),
            }
        ),
        type_multiplier=MappingProxyType(
            {
                OrgType.COMPANY: d(1),
                OrgType.FOUNDATION: d("0.8"),
                OrgType.GOVERNMENT: d("0.8"),
                OrgType.UN_AGENCY: d("0.5"),
                OrgType.OTHER: d("0.5"),
                OrgType.ACADEMIC: d("0.3"),
                OrgType.NGO: d("0.3"),
                OrgType.NETWORK: d("0.3"),
            }
        ),
        income_multiplier=MappingProxyType(
            {
                IncomeGroup.HIGH: d(1),
                IncomeGroup.UPPER_MIDDLE: d("0.5"),
                IncomeGroup.LOWER_MIDDLE: d("0.25"),
                IncomeGroup.LOW: d("0.1"),
            }
        ),
        floor=d(250),
        founding=FoundingRecognition(
            description=(
                "one of the founding cohort, whose early multi-year commitments (of the "
                "order of US$1M over three years) made the alliance possible."
            ),
            indicative_commitment=d(1_000_000),
            commitment_years=3,
        ),
    )
