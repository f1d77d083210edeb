"""Reads for tiers and funding. All money arithmetic goes through the tiers engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from alliance.core.content_i18n import Entry, carried_forward, translated
from alliance.core.labels import money
from alliance.core.models import AuditEvent
from alliance.engines import tiers as engine
from alliance.funding import labels
from alliance.funding.models import (
    Budget,
    InKindContribution,
    Instalment,
    Pledge,
    PledgeStatus,
    Receipt,
    TierAssignment,
    TierScheduleVersion,
)
from alliance.organisations.choices import ApplicationStatus, ContributionKind
from alliance.organisations.models import Application, Organisation, Partnership

ZERO = Decimal("0.00")
NO_TIER = "No tier"


# --- Schedule versions ------------------------------------------------------------------


def schedule_version_in_force(on: date) -> TierScheduleVersion:
    """The latest adopted version effective on ``on`` (the seeded one if none yet is)."""
    version = (
        TierScheduleVersion.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )
    return version or TierScheduleVersion.objects.order_by("number").first() or default_version()


def default_version() -> TierScheduleVersion:
    """Version 1 as migration 0002 seeds it. Only a database flushed after migrating lacks
    it; then this unsaved copy is shown, and funding.actions.tier_schedule_seed stores
    it before any action records a tier under it (a read never writes)."""
    return TierScheduleVersion(
        number=1,
        label=engine.default_schedule().version,
        schedule=engine.schedule_to_dict(engine.default_schedule()),
        effective_from=date(2018, 1, 1),
        decision_note="Seeded default schedule",
    )


def schedule_of(version: TierScheduleVersion) -> engine.TierSchedule:
    return engine.schedule_from_dict(version.schedule)


# --- Tier names in other languages ------------------------------------------------------


def tier_entries(schedule: dict[str, Any]) -> list[Entry]:
    """The translatable texts of a schedule version: each tier's name and benefits."""
    entries = []
    for t in schedule.get("tiers", []):
        entries.append(Entry(key=f"{t['code']}.name", source=t["name"], label=t["name"]))
        for index, benefit in enumerate(t.get("benefits", [])):
            label = str(_("{tier}: benefit {number}")).format(tier=t["name"], number=index + 1)
            entries.append(Entry(key=f"{t['code']}.benefit.{index}", source=benefit, label=label))
    return entries


def tier_translations_carried(old: TierScheduleVersion | None, new: dict[str, Any]) -> Any:
    """A new version keeps the translations of the tier names it did not change."""
    if old is None:
        return {}
    return carried_forward(old.translations, tier_entries(old.schedule), tier_entries(new))


def tier_label(name: str, version: TierScheduleVersion | None = None, language: Any = None) -> str:
    """A tier's name (as stored: English) in the active language, from the translations
    of ``version`` (default: the schedule in force); the name itself when untranslated."""
    version = version or schedule_version_in_force(timezone.localdate())
    for tier in version.schedule.get("tiers", []):
        if tier.get("name") == name:
            return translated(version.translations, f"{tier['code']}.name", name, language)
    return name


def tier_benefit_label(
    benefit: str, version: TierScheduleVersion | None = None, language: Any = None
) -> str:
    """A tier's benefit (as stored: English) in the active language: the secretariat's
    translation in ``version`` (default: the schedule in force), else the catalog's
    wording of the seeded benefits, else as written."""
    version = version or schedule_version_in_force(timezone.localdate())
    for tier in version.schedule.get("tiers", []):
        for index, text in enumerate(tier.get("benefits", [])):
            if text == benefit:
                key = f"{tier['code']}.benefit.{index}"
                shown = translated(version.translations, key, "", language)
                if shown:
                    return shown
    with override(language) if language else nullcontext():
        return labels.tier_benefit(benefit)


def tier_names_in_force(on: date) -> list[str]:
    """The names of the tiers of the schedule in force on ``on``, lowest first: the
    tiers a Board admission may give."""
    return [t.name for t in schedule_of(schedule_version_in_force(on)).tiers_by_rank()]


def tier_choices_in_force(on: date) -> list[tuple[str, str]]:
    """(name, name in the active language) of the tiers in force, lowest first: the
    stored value stays the English name, the label is translated."""
    version = schedule_version_in_force(on)
    return [(t.name, tier_label(t.name, version)) for t in schedule_of(version).tiers_by_rank()]


# --- Tier recommendation ---------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """What the schedule suggests, and what it gives with the applicant's offer or waiver."""

    version: TierScheduleVersion
    suggested: engine.TierRecommendation | None
    chosen: engine.TierRecommendation | None  # with the offer or waiver, when valid
    notes: tuple[str, ...] = ()
    problem: str = ""  # why the offer or waiver cannot stand, in words
    problem_code: str = ""

    @property
    def final(self) -> engine.TierRecommendation | None:
        return self.chosen or self.suggested


def organisation_profile(organisation: Organisation) -> tuple[engine.OrgProfile, list[str]]:
    """The engine's view of an organisation, with a note for each gap filled in."""
    notes = []
    income = organisation.income_group
    if not income:
        income = engine.IncomeGroup.HIGH
        notes.append("No home-country income group given: the high-income rate applies.")
    org_type = organisation.type or engine.OrgType.OTHER
    return engine.OrgProfile(
        org_type=engine.OrgType(org_type),
        income_group=engine.IncomeGroup(income),
        revenue_band=engine.RevenueBand(organisation.revenue_band)
        if organisation.revenue_band
        else None,
        staff_band=engine.StaffBand(organisation.staff_band) if organisation.staff_band else None,
        founding=organisation.is_founding_partner,
    ), notes


def applicant_choice(application: Application) -> dict[str, Any]:
    """The applicant's offer (above the schedule) or waiver request, as engine arguments."""
    kind = application.contribution_kind
    if kind == ContributionKind.WAIVER:
        return {"waiver_reason": application.contribution_note or ""}
    amount = application.contribution_amount
    if kind in {ContributionKind.FINANCIAL, ContributionKind.BOTH} and amount:
        return {"offer": Decimal(amount)}
    return {}


def recommend(
    organisation: Organisation,
    version: TierScheduleVersion,
    *,
    offer: Decimal | None = None,
    waiver_reason: str | None = None,
) -> Recommendation:
    profile, notes = organisation_profile(organisation)
    schedule = schedule_of(version)
    try:
        suggested = engine.recommend_tier(profile, schedule)
    except engine.TierError as error:
        return Recommendation(version, None, None, tuple(notes), str(error), error.code)
    if offer is None and waiver_reason is None:
        return Recommendation(version, suggested, None, tuple(notes))
    try:
        chosen = engine.recommend_tier(profile, schedule, offer=offer, waiver_reason=waiver_reason)
    except engine.TierError as error:
        return Recommendation(version, suggested, None, tuple(notes), str(error), error.code)
    return Recommendation(version, suggested, chosen, tuple(notes))


def recommendation_for_application(
    application: Application, on: date | None = None
) -> Recommendation:
    on = on or date.today()
    return recommend(
        application.organisation, schedule_version_in_force(on), **applicant_choice(application)
    )


def _offer_warning(far: bool) -> str:
    if far:
        return _(
            "Your offer of %(offer)s a year is far below the %(suggested)s the tier schedule "
            "recommends for an organisation of your type and size. Offer at least that "
            "amount, or ask for a waiver and give your reason: the secretariat and the Board "
            "decide it."
        )
    return _(
        "Your offer of %(offer)s a year is below the %(suggested)s the tier schedule "
        "recommends for an organisation of your type and size. Offer at least that amount, "
        "or ask for a waiver and give your reason: the secretariat and the Board decide it."
    )


def offer_warning(application: Application, on: date | None = None) -> str:
    """A warning, before submission, when the offer is below the schedule's recommendation
    (the waiver path is offered in the same words); '' when there is nothing to say."""
    amount = application.contribution_amount
    if application.contribution_kind not in {ContributionKind.FINANCIAL, ContributionKind.BOTH}:
        return ""
    if amount is None:
        return ""
    rec = recommend(application.organisation, schedule_version_in_force(on or date.today()))
    suggested = rec.suggested
    if suggested is None or Decimal(amount) >= suggested.annual_amount:
        return ""
    far = Decimal(amount) * 2 < suggested.annual_amount
    return _offer_warning(far) % {
        "offer": money(amount, suggested.currency),
        "suggested": money(suggested.annual_amount, suggested.currency),
    }


def funding_tier_for(application: Application) -> str:
    """The tier name the admission should fix: the confirmed one, else the recommendation."""
    confirmation = getattr(application, "tier_confirmation", None)
    if confirmation is not None:
        return confirmation.tier_name
    final = recommendation_for_application(application).final
    return final.tier.name if final else ""


def current_assignment(partnership: Partnership) -> TierAssignment | None:
    return partnership.tier_assignments.order_by("-period_start").first()


def renewals_due(today: date, within_days: int = 60) -> list[tuple[Partnership, date | None]]:
    """Active partnerships whose period ends within ``within_days`` (or never got one)."""
    due = []
    partnerships = (
        Partnership.objects.filter(status="active")
        .select_related("organisation")
        .prefetch_related("tier_assignments")
        .order_by("organisation__legal_name")
    )
    for partnership in partnerships:
        assignments = sorted(partnership.tier_assignments.all(), key=lambda a: a.period_start)
        end = assignments[-1].period_end if assignments else None
        if end is None or (end - today).days <= within_days:
            due.append((partnership, end))
    return due


def applications_awaiting_tier(limit: int = 50) -> list[Application]:
    return list(
        Application.objects.filter(
            status__in=[
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.IN_DUE_DILIGENCE,
                ApplicationStatus.READY_FOR_BOARD,
            ],
            tier_confirmation__isnull=True,
        )
        .select_related("organisation")
        .order_by("submitted_at")[:limit]
    )


# --- Pledges and receipts ---------------------------------------------------------------


def engine_instalments(pledge: Pledge) -> list[engine.Instalment]:
    return [
        engine.Instalment(i.number, i.due, i.amount, pledge.currency)
        for i in pledge.instalments.all()
        if i.cancelled_on is None  # cancelled instalments are history, not pledged
    ]


def pledge_allocation(pledge: Pledge, as_of: date) -> engine.Allocation:
    receipts = [
        engine.Receipt(r.reference, r.received_on, r.amount, pledge.currency)
        for r in pledge.receipts.all()
    ]
    return engine.apply_receipt(engine_instalments(pledge), receipts, as_of=as_of)


def _pledges() -> Any:
    return Pledge.objects.select_related(
        "organisation", "organisation__partnership"
    ).prefetch_related(
        Prefetch("instalments", queryset=Instalment.objects.order_by("number")),
        Prefetch("receipts", queryset=Receipt.objects.order_by("received_on", "id")),
    )


def active_pledges() -> Iterable[Pledge]:
    return _pledges().filter(status=PledgeStatus.ACTIVE)


def cancelled_pledges() -> Iterable[Pledge]:
    """Cancelled pledges: nothing more is expected, but what they received counts."""
    return _pledges().filter(status=PledgeStatus.CANCELLED)


def all_receipts() -> list[Receipt]:
    """Every receipt, active or cancelled pledge: the dashboard's and the export's list."""
    receipts = list(
        Receipt.objects.select_related("pledge", "pledge__organisation").order_by(
            "received_on", "id"
        )
    )
    for receipt in receipts:
        receipt.amount_base = engine.convert(receipt.amount, receipt.rate_to_base)  # type: ignore[attr-defined]
    return receipts


def all_in_kind() -> list[InKindContribution]:
    return list(
        InKindContribution.objects.select_related("organisation").order_by("delivered_on", "id")
    )


def pledge_history(pledge: Pledge) -> Any:
    """The pledge's recording, amendments and cancellation, with their reasons, oldest first."""
    return AuditEvent.objects.filter(
        object_type=f"{Pledge._meta.app_label}.{Pledge._meta.model_name}",
        object_id=str(pledge.pk),
        verb__in=["pledge.recorded", "pledge.amended", "pledge.cancelled"],
    ).order_by("at", "id")


@dataclass(frozen=True)
class Overdue:
    pledge: Pledge
    instalment: engine.InstalmentAllocation
    outstanding_base: Decimal


def overdue_instalments(today: date) -> list[Overdue]:
    rows = []
    for pledge in active_pledges():
        for row in pledge_allocation(pledge, today).instalments:
            if row.overdue:
                rows.append(
                    Overdue(pledge, row, engine.convert(row.outstanding, pledge.rate_to_base))
                )
    return sorted(rows, key=lambda o: (o.instalment.instalment.due, o.pledge.pk))


# --- Funding against the budget ---------------------------------------------------------


def tier_of(organisation: Organisation) -> str:
    partnership = getattr(organisation, "partnership", None)
    return (partnership.tier if partnership is not None else "") or NO_TIER


@dataclass
class Totals:
    budget: Decimal = ZERO
    pledged: Decimal = ZERO  # cash instalments falling due, base currency
    received: Decimal = ZERO  # cash received, base currency
    in_kind: Decimal = ZERO  # declared value in kind, base currency — never in cash

    @property
    def gap(self) -> Decimal:
        """What the budget still lacks once every cash pledge is paid (in kind apart)."""
        return self.budget - self.pledged

    @property
    def unfunded(self) -> Decimal:
        """Budget not yet covered by cash actually received."""
        return self.budget - self.received

    def as_strings(self, *, with_budget: bool = True) -> dict[str, str]:
        values = {"pledged": self.pledged, "received": self.received, "in_kind": self.in_kind}
        if with_budget:
            values = {"budget": self.budget, **values, "gap": self.gap}
        return {k: str(v) for k, v in values.items()}


@dataclass
class FundingReport:
    by_year: dict[int, Totals] = field(default_factory=dict)
    by_tier: dict[str, Totals] = field(default_factory=dict)
    by_type: dict[str, Totals] = field(default_factory=dict)
    by_organisation: dict[Organisation, Totals] = field(default_factory=dict)
    pipeline: dict[str, Decimal] = field(default_factory=dict)
    runway_received: engine.Runway | None = None
    runway_pledged: engine.Runway | None = None
    overpaid: Decimal = ZERO


def _slot(table: dict[Any, Totals], key: Any) -> Totals:
    if key not in table:
        table[key] = Totals()
    return table[key]


def funding_report(today: date) -> FundingReport:
    """Budget, pledged, received and in kind by year, tier, type and organisation; the
    pledge pipeline and the runway. Every amount is in the base currency (US$)."""
    report = FundingReport()
    budgets = {
        b.year: sum((line.amount for line in b.lines.all()), ZERO)
        for b in Budget.objects.prefetch_related("lines")
    }
    for year, amount in budgets.items():
        _slot(report.by_year, year).budget = amount
    pipeline: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for pledge in active_pledges():
        org = pledge.organisation
        groups = (
            _slot(report.by_tier, tier_of(org)),
            _slot(report.by_type, org.get_type_display()),
            _slot(report.by_organisation, org),
        )
        allocation = pledge_allocation(pledge, today)
        for row in allocation.instalments:
            base = engine.convert(row.instalment.amount, pledge.rate_to_base)
            _slot(report.by_year, row.instalment.due.year).pledged += base
            for group in groups:
                group.pledged += base
            outstanding = engine.convert(row.outstanding, pledge.rate_to_base)
            if row.overdue:
                pipeline["overdue"] += outstanding
            elif row.outstanding:
                pipeline["scheduled"] += outstanding
        for receipt in pledge.receipts.all():
            base = engine.convert(receipt.amount, receipt.rate_to_base)
            _slot(report.by_year, receipt.received_on.year).received += base
            pipeline["received"] += base
            for group in groups:
                group.received += base
        report.overpaid += engine.convert(allocation.overpaid, pledge.rate_to_base)
    for pledge in cancelled_pledges():
        # A cancelled pledge expects nothing more: what it received counts as pledged
        # and received in the year it came in.
        org = pledge.organisation
        groups = (
            _slot(report.by_tier, tier_of(org)),
            _slot(report.by_type, org.get_type_display()),
            _slot(report.by_organisation, org),
        )
        for receipt in pledge.receipts.all():
            base = engine.convert(receipt.amount, receipt.rate_to_base)
            in_year = _slot(report.by_year, receipt.received_on.year)
            in_year.received += base
            in_year.pledged += base
            pipeline["received"] += base
            for group in groups:
                group.received += base
                group.pledged += base
    for item in InKindContribution.objects.select_related(
        "organisation", "organisation__partnership"
    ):
        base = engine.convert(item.declared_value, item.rate_to_base)
        org = item.organisation
        _slot(report.by_year, item.delivered_on.year).in_kind += base
        for group in (
            _slot(report.by_tier, tier_of(org)),
            _slot(report.by_type, org.get_type_display()),
            _slot(report.by_organisation, org),
        ):
            group.in_kind += base
        pipeline["in_kind"] += base
    report.pipeline = {k: pipeline[k] for k in ("received", "overdue", "scheduled", "in_kind")}
    report.by_year = dict(sorted(report.by_year.items()))
    report.by_tier = dict(sorted(report.by_tier.items()))
    report.by_type = dict(sorted(report.by_type.items()))
    if budgets:
        # The runway counts from this month: the cash in hand carries the budget from now.
        start = date(today.year, today.month, 1)
        received = report.pipeline["received"]
        report.runway_received = engine.runway(received, budgets, start)
        promised = received + report.pipeline["overdue"] + report.pipeline["scheduled"]
        report.runway_pledged = engine.runway(promised, budgets, start)
    return report


def public_totals(report: FundingReport) -> dict[str, Any]:
    """The aggregate totals the public may see (and the log records): no single partner."""
    return {
        "currency": engine.BASE_CURRENCY,
        "by_year": {str(y): t.as_strings() for y, t in report.by_year.items()},
        "by_tier": {k: t.as_strings(with_budget=False) for k, t in report.by_tier.items()},
        "by_type": {k: t.as_strings(with_budget=False) for k, t in report.by_type.items()},
    }


# --- What needs someone now (the homes: web.home) ---------------------------------------


def waivers_to_decide(limit: int = 50) -> list[Application]:
    """Applications asking for a waiver of the contribution whose tier the secretariat
    has not confirmed yet, oldest submission first."""
    return list(
        Application.objects.filter(
            status__in=[
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.IN_DUE_DILIGENCE,
                ApplicationStatus.READY_FOR_BOARD,
            ],
            contribution_kind=ContributionKind.WAIVER,
            tier_confirmation__isnull=True,
        )
        .select_related("organisation")
        .order_by("submitted_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class PledgeStanding:
    pledge: Pledge
    received: Decimal
    outstanding: Decimal
    overdue: Decimal
    # The first instalment not yet due and not fully paid (what is late is in ``overdue``).
    next_due: engine.InstalmentAllocation | None
    last_receipt: Receipt | None


@dataclass(frozen=True)
class PartnerObligations:
    """A partnership's money and dates as its contacts see them on their home."""

    partnership: Partnership
    assignment: TierAssignment | None  # the tier and the period it runs to (renewal)
    pledges: list[PledgeStanding]
    currency: str = engine.BASE_CURRENCY  # of the tier's annual amount

    @property
    def overdue(self) -> bool:
        return any(p.overdue > 0 for p in self.pledges)


def partner_obligations(organisation_ids: Iterable[int], today: date) -> list[PartnerObligations]:
    """For each partnership of these organisations: its current tier and period, and each
    active pledge with what was received, what is overdue and the next instalment due."""
    partnerships = list(
        Partnership.objects.filter(organisation_id__in=list(organisation_ids))
        .select_related("organisation")
        .prefetch_related("tier_assignments")
        .order_by("organisation__legal_name")
    )
    if not partnerships:
        return []
    pledges: dict[int, list[Pledge]] = defaultdict(list)
    for pledge in _pledges().filter(
        organisation_id__in=[p.organisation_id for p in partnerships], status=PledgeStatus.ACTIVE
    ):
        pledges[pledge.organisation_id].append(pledge)
    result = []
    for partnership in partnerships:
        assignments = sorted(partnership.tier_assignments.all(), key=lambda a: a.period_start)
        standings = []
        for pledge in pledges[partnership.organisation_id]:
            allocation = pledge_allocation(pledge, today)
            receipts = list(pledge.receipts.all())
            standings.append(
                PledgeStanding(
                    pledge=pledge,
                    received=allocation.total_received,
                    outstanding=allocation.underpaid,
                    overdue=allocation.overdue,
                    next_due=next(
                        (i for i in allocation.instalments if i.outstanding > 0 and not i.overdue),
                        None,
                    ),
                    last_receipt=receipts[-1] if receipts else None,
                )
            )
        result.append(
            PartnerObligations(
                partnership=partnership,
                assignment=assignments[-1] if assignments else None,
                pledges=standings,
            )
        )
    return result
