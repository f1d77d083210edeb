"""Writes for tiers and funding.

Each action takes the acting user, runs in one transaction, writes its audit event and,
for public facts (schedule versions, tiers, aggregate funding totals), its log entry.
Refusals raise :class:`~alliance.core.errors.ActionError` with a constant below.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.content_i18n import require_translator, translation_store
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import date_shown
from alliance.core.labels import money
from alliance.core.permissions import Perm, can
from alliance.engines import tiers as engine
from alliance.engines.tally import Outcome
from alliance.funding import reasoning, selectors
from alliance.funding.evidence import check_evidence
from alliance.funding.models import (
    AssignmentKind,
    Budget,
    BudgetLine,
    Currency,
    InKindCategory,
    InKindContribution,
    Instalment,
    Pledge,
    PledgeStatus,
    PublishedTotals,
    Receipt,
    TierAssignment,
    TierConfirmation,
    TierScheduleVersion,
)
from alliance.organisations.choices import ApplicationStatus
from alliance.organisations.choices import PartnershipStatus as P
from alliance.organisations.models import Application, Organisation, Partnership
from alliance.organisations.public import partnership_fact
from alliance.transparency.services import publish_fact

ERR_BOARD_ONLY = _("Only the Board chair or the secretariat can adopt a tier schedule.")
ERR_DECISION_NOTE = _("Say which Board resolution adopted this schedule.")
ERR_NEEDS_PASSED_MOTION = _(
    "A tier schedule is adopted only by a passed tier-schedule motion of the Board: "
    "propose it from the tier schedule page."
)
ERR_DECISION_USED_FOR_SCHEDULE = _("This Board decision has already adopted a tier schedule.")
ERR_SCHEDULE_INVALID = _("The proposed tier schedule is not valid: {problem}")
ERR_PERIOD_YEARS = _("The partnership period must be between 1 and 10 years.")
ERR_FUNDING_STAFF = _("Only the secretariat can manage contributions and the budget.")
ERR_NOT_CONFIRMABLE = _("A tier can be confirmed only on a submitted application not yet decided.")
ERR_CANNOT_RECOMMEND = _("The tier cannot be worked out: {problem}")
# What makes a proposed schedule unusable, quoted in ERR_SCHEDULE_INVALID.
SCHEDULE_NOT_AN_OBJECT = _("expected a JSON object")
SCHEDULE_VALUE_MISSING = _("a value is missing: {key}")
SCHEDULE_NO_TIERS = _("it has no tiers")
SCHEDULE_SHARED_CODE = _("two tiers share a code")
SCHEDULE_NEGATIVE_MINIMUM = _("the minimum of {tier} is negative")
SCHEDULE_IN_KIND_SHARE = _("the in-kind share of {tier} must be between 0 and 1")
SCHEDULE_NEGATIVE_AMOUNTS = _("amounts and multipliers cannot be negative")
# The same, as a stored step of an assignment's reasoning: English, as the engine's steps
# are (funding.reasoning.TIER_FORMS reads it in the reader's language). Rows stored
# before this may hold it in the language of the admission's actor: shown as stored.
CANNOT_RECOMMEND_STEP = "The tier cannot be worked out: {problem}"
ERR_NOT_ACTIVE = _("Only an active partnership can be renewed.")
ERR_CURRENCY = _("Choose one of the alliance's currencies.")
ERR_RATE = _("Give the exchange rate to US dollars as a positive number.")
ERR_AMOUNT = _("Give the amount as a positive number of cents.")
ERR_PLEDGE_SHAPE = _("Years must be at least 1 and instalments a year one of 1, 2, 3, 4, 6 or 12.")
ERR_REFERENCE = _("Give the receipt's reference (bank or invoice reference).")
ERR_RECEIPT_IN_FUTURE = _("A receipt cannot be dated after today ({today}).")
ERR_OVERPAYMENT_UNCONFIRMED = _(
    "This receipt pays {over} more than the pledge still owes ({owed}). Correct the "
    "amount, or tick the confirmation if the overpayment is real (a credit to refund "
    "or carry over)."
)
ERR_DUPLICATE_RECEIPT = _("A receipt with this reference is already recorded on this pledge.")
ERR_DESCRIPTION = _("Describe the contribution in kind.")
ERR_CATEGORY = _("Choose the kind of contribution in kind.")
ERR_CANCEL_REASON = _("Say why the instalments are cancelled.")
ERR_NOT_CONTRIBUTING = _(
    "This organisation's partnership is terminated: it is no longer offered contributions in kind."
)

ERR_NOT_PLEDGING = _(
    "This organisation's partnership is terminated: its future pledges are cancelled and it "
    "cannot pledge again."
)


def contributes_now(organisation: Organisation) -> bool:
    """A terminated (or withdrawn) partner no longer contributes in kind."""
    partnership = Partnership.objects.filter(organisation=organisation).first()
    return partnership is None or partnership.status not in (P.TERMINATED, P.WITHDRAWN)


ERR_BUDGET_LINES = _("A budget needs at least one line with a label and a positive amount.")
ERR_FLOAT = _("Money is never a float: pass a decimal.Decimal.")
ERR_PLEDGE_REASON = _("Give the reason for changing or cancelling the pledge.")
ERR_PLEDGE_CANCELLED = _("This pledge is cancelled: it can no longer be changed.")
ERR_PLEDGE_BELOW_RECEIVED = _(
    "The amended total is below what was already received on this pledge ({received})."
)
ERR_PLEDGE_UNCHANGED = _("Nothing was changed: the pledge is as it was.")

PUBLIC_SUBJECT = "alliance:funding"
UNASSIGNED = "Unassigned"


def _require(actor: Any, perm: Perm, message: str | Promise) -> None:
    if not can(actor, perm):
        raise NotAllowed(message)


def _money(value: Any, message: str | Promise = ERR_AMOUNT) -> Decimal:
    if isinstance(value, float):
        raise TypeError(ERR_FLOAT)
    amount = Decimal(value)
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ActionError(message, field="amount")
    return amount


def _rate(value: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError(ERR_FLOAT)
    rate = Decimal(value)
    if not rate.is_finite() or rate <= 0:
        raise ActionError(ERR_RATE, field="rate_to_base")
    return rate


def _currency(value: str) -> str:
    if value not in Currency.values:
        raise ActionError(ERR_CURRENCY, field="currency")
    return value


def _period_end(start: date, years: int) -> date:
    return engine.add_months(start, 12 * years) - timedelta(days=1)


# --- The schedule -------------------------------------------------------------------


def _schedule_problem(schedule: engine.TierSchedule) -> str | None:
    """What makes a well-formed schedule unusable, if anything."""
    if not schedule.tiers:
        return str(SCHEDULE_NO_TIERS)
    codes = [t.code for t in schedule.tiers]
    if len(set(codes)) != len(codes):
        return str(SCHEDULE_SHARED_CODE)
    for tier in schedule.tiers:
        if tier.minimum_annual_cash < 0:
            return str(SCHEDULE_NEGATIVE_MINIMUM).format(tier=tier.name)
        if not 0 <= tier.in_kind_share_max <= 1:
            return str(SCHEDULE_IN_KIND_SHARE).format(tier=tier.name)
    numbers = [
        schedule.floor,
        *schedule.base_by_band.values(),
        *schedule.type_multiplier.values(),
        *schedule.income_multiplier.values(),
        *schedule.overrides.values(),
    ]
    if any(n < 0 for n in numbers):
        return str(SCHEDULE_NEGATIVE_AMOUNTS)
    return None


def tier_schedule_parse(document: Any) -> engine.TierSchedule:
    """Check a schedule in its JSON form (``engines.tiers.schedule_to_dict``) and rebuild
    it; every cell of the table must compute. Refuses with ERR_SCHEDULE_INVALID."""
    if not isinstance(document, dict):
        raise ActionError(ERR_SCHEDULE_INVALID.format(problem=SCHEDULE_NOT_AN_OBJECT))
    try:
        schedule = engine.schedule_from_dict(document)
        problem = _schedule_problem(schedule)
        if problem is None:
            list(schedule.rows())
    except KeyError as error:
        problem = str(SCHEDULE_VALUE_MISSING).format(key=error.args[0])
        raise ActionError(ERR_SCHEDULE_INVALID.format(problem=problem)) from error
    except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
        raise ActionError(ERR_SCHEDULE_INVALID.format(problem=error)) from error
    if problem:
        raise ActionError(ERR_SCHEDULE_INVALID.format(problem=problem))
    return schedule


def _check_adopting_decision(board_decision: Any) -> None:
    """Only a Board decision produced by a passed tier-schedule motion, used once."""
    motion = getattr(board_decision, "motion", None) if board_decision is not None else None
    # governance passes its own decision and motion rows in; funding sits below
    # governance and reads their fields only (governance.models' values).
    if (
        motion is None
        or board_decision.kind != "tier_schedule"
        or motion.status != "closed"
        or motion.outcome != Outcome.PASSED
    ):
        raise NotAllowed(ERR_NEEDS_PASSED_MOTION)
    if TierScheduleVersion.objects.filter(board_decision=board_decision).exists():
        raise ActionError(ERR_DECISION_USED_FOR_SCHEDULE)


@transaction.atomic
def tier_schedule_adopt(
    *,
    actor: Any,
    schedule: engine.TierSchedule,
    decision_note: str,
    effective_from: date | None = None,
    publish_individual_amounts: bool = False,
    partnership_period_years: int = 3,
    board_decision: Any = None,
) -> TierScheduleVersion:
    """Record a schedule the Board adopted. It governs admissions and renewals from
    ``effective_from`` on; tiers already fixed keep the version they were fixed under.

    Called by ``governance.actions.motion_close`` when a tier-schedule motion passes, with
    the motion's ``board_decision``; without such a decision it is refused
    (ERR_NEEDS_PASSED_MOTION), so no page can adopt a schedule directly. Version 1 is
    seeded by migration 0002, not through this function."""
    _require(actor, Perm.RECORD_BOARD_DECISION, ERR_BOARD_ONLY)
    _check_adopting_decision(board_decision)
    if not decision_note.strip():
        raise ActionError(ERR_DECISION_NOTE, field="decision_note")
    if not 1 <= partnership_period_years <= 10:
        raise ActionError(ERR_PERIOD_YEARS, field="partnership_period_years")
    board_decision.applied_at = timezone.now()
    board_decision.save(update_fields=["applied_at"])
    number = (TierScheduleVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    previous = TierScheduleVersion.objects.order_by("-number").first()
    document = engine.schedule_to_dict(schedule)
    version = TierScheduleVersion.objects.create(
        number=number,
        label=schedule.version,
        schedule=document,
        translations=selectors.tier_translations_carried(previous, document),
        effective_from=effective_from or timezone.localdate(),
        publish_individual_amounts=publish_individual_amounts,
        partnership_period_years=partnership_period_years,
        board_decision=board_decision,
        decision_note=decision_note.strip(),
        adopted_by=actor,
    )
    audit_record(
        actor=actor,
        verb="tier_schedule.adopted",
        target=version,
        after={
            "number": number,
            "label": schedule.version,
            "effective_from": version.effective_from.isoformat(),
        },
        reason=decision_note,
    )
    publish_fact(
        kind="tier_schedule.adopted",
        subject=f"tier_schedule:{number}",
        fact={
            "number": number,
            "effective_from": version.effective_from.isoformat(),
            "decision": version.decision_note,
            "publish_individual_amounts": publish_individual_amounts,
            "partnership_period_years": partnership_period_years,
            "schedule": version.schedule,
            "board_decision": board_decision.pk,
            "motion": board_decision.motion.pk,
        },
    )
    return version


# --- Tier of an applicant, then of a partner --------------------------------------------


@transaction.atomic
def tier_schedule_translation_set(
    *, actor: Any, version: TierScheduleVersion, language: str, texts: dict[str, str]
) -> TierScheduleVersion:
    """Set the secretariat's translation of a schedule version's tier names and benefits into
    ``language``. The schedule itself (English names, amounts) is as the Board adopted it;
    stored tiers keep their English name, shown translated."""
    require_translator(actor)
    version = TierScheduleVersion.objects.select_for_update().get(pk=version.pk)
    return translation_store(
        actor=actor,
        row=version,
        verb="tier_schedule.translation_set",
        language=language,
        texts=texts,
        entries=selectors.tier_entries(version.schedule),
    )


def tier_schedule_seed() -> None:
    """Store version 1 (migration 0002's seed) if a flushed database lacks it: the actions
    that record a tier call this first, so the selectors never write."""
    if not TierScheduleVersion.objects.exists():
        selectors.default_version().save()


CONFIRMABLE = {
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_DUE_DILIGENCE,
    ApplicationStatus.READY_FOR_BOARD,
}


@transaction.atomic
def tier_confirm(*, actor: Any, application: Application, note: str = "") -> TierConfirmation:
    """The secretariat confirms the tier the schedule gives with the applicant's offer or
    waiver; the Board's admission then fixes it."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    tier_schedule_seed()
    application = (
        Application.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.pk)
    )
    if application.status not in CONFIRMABLE:
        raise ActionError(ERR_NOT_CONFIRMABLE)
    rec = selectors.recommendation_for_application(application, timezone.localdate())
    final = rec.final
    if final is None or rec.problem:
        raise ActionError(ERR_CANNOT_RECOMMEND.format(problem=reasoning.problem_shown(rec.problem)))
    before = getattr(application, "tier_confirmation", None)
    confirmation, _ = TierConfirmation.objects.update_or_create(
        application=application,
        defaults={
            "schedule_version": rec.version,
            "tier_code": final.tier.code,
            "tier_name": final.tier.name,
            "annual_amount": final.annual_amount,
            "currency": final.currency,
            "waived": final.waived,
            "waiver_reason": final.waiver_reason or "",
            "offered": rec.chosen is not None and not final.waived,
            "reasoning": [*rec.notes, *final.reasoning],
            "note": note,
            "confirmed_by": actor,
        },
    )
    audit_record(
        actor=actor,
        verb="tier.confirmed",
        target=application,
        organisation=application.organisation,
        before={"tier": before.tier_name, "amount": str(before.annual_amount)} if before else {},
        after={
            "tier": final.tier.name,
            "amount": str(final.annual_amount),
            "waived": final.waived,
            "schedule_version": rec.version.number,
        },
        reason=note,
    )
    return confirmation


def _assignment_from(
    partnership: Partnership,
    kind: str,
    start: date,
    rec: selectors.Recommendation,
    extra: list[str],
) -> TierAssignment:
    final = rec.final
    assert final is not None
    return TierAssignment.objects.create(
        partnership=partnership,
        kind=kind,
        schedule_version=rec.version,
        tier_code=final.tier.code,
        tier_name=final.tier.name,
        annual_amount=final.annual_amount,
        waived=final.waived,
        reasoning=[*rec.notes, *final.reasoning, *extra],
        period_start=start,
        period_end=_period_end(start, rec.version.partnership_period_years),
    )


def tier_fix_on_admission(*, partnership: Partnership) -> TierAssignment:
    """Called by governance.flows.admission right after the partnership is created:
    fix the tier for the first period. The confirmed tier stands if it was confirmed
    under the schedule in force on the decision date; otherwise it is re-checked. It never
    blocks the admission: a tier that cannot be worked out is recorded as such."""
    tier_schedule_seed()
    application = partnership.application
    version = selectors.schedule_version_in_force(partnership.since)
    confirmation = TierConfirmation.objects.filter(application=application).first()
    period_end = _period_end(partnership.since, version.partnership_period_years)
    fixed = {
        "partnership": partnership,
        "kind": AssignmentKind.ADMISSION,
        "schedule_version": version,
        "period_start": partnership.since,
        "period_end": period_end,
    }
    if confirmation is not None and confirmation.schedule_version_id == version.pk:
        assignment = TierAssignment.objects.create(
            **fixed,
            tier_code=confirmation.tier_code,
            tier_name=confirmation.tier_name,
            annual_amount=confirmation.annual_amount,
            waived=confirmation.waived,
            reasoning=[
                *confirmation.reasoning,
                "Confirmed by the secretariat; fixed by the Board's admission.",
            ],
        )
    elif partnership.tier and confirmation is None:
        # The decision named the tier itself (e.g. records migrated from before the schedule).
        assignment = TierAssignment.objects.create(
            **fixed,
            tier_name=partnership.tier,
            reasoning=[f"Tier '{partnership.tier}' set by the Board's admission decision."],
        )
    else:
        rec = selectors.recommend(
            application.organisation, version, **selectors.applicant_choice(application)
        )
        if rec.final is None:
            assignment = TierAssignment.objects.create(
                **fixed,
                tier_name=partnership.tier or UNASSIGNED,
                # Stored in English, as every step is (funding.reasoning shows it).
                reasoning=[*rec.notes, CANNOT_RECOMMEND_STEP.format(problem=rec.problem)],
            )
        else:
            extra = [f"Checked under schedule v{version.number} in force on {partnership.since}."]
            if confirmation is not None:
                extra.append(
                    f"The confirmation was under v{confirmation.schedule_version.number}, "
                    "since replaced."
                )
            if rec.problem:
                extra.append(f"The applicant's offer or waiver did not stand: {rec.problem}")
            assignment = _assignment_from(
                partnership, AssignmentKind.ADMISSION, partnership.since, rec, extra
            )
    if partnership.tier != assignment.tier_name:
        partnership.tier = assignment.tier_name
        partnership.save(update_fields=["tier", "updated_at"])
    audit_record(
        actor=None,
        verb="partnership.tier_fixed",
        target=partnership,
        organisation=partnership.organisation,
        after={
            "tier": assignment.tier_name,
            "schedule_version": version.number,
            "period_end": assignment.period_end.isoformat(),
        },
    )
    return assignment


@transaction.atomic
def partnership_renew(
    *, actor: Any, partnership: Partnership, on: date | None = None
) -> TierAssignment:
    """Open the partnership's next period and re-check its tier against the organisation's
    current profile and the schedule in force when the new period starts."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    tier_schedule_seed()
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("organisation", "application")
        .get(pk=partnership.pk)
    )
    if partnership.status != P.ACTIVE:
        raise ActionError(ERR_NOT_ACTIVE)
    last = selectors.current_assignment(partnership)
    start = last.period_end + timedelta(days=1) if last else (on or timezone.localdate())
    version = selectors.schedule_version_in_force(start)
    choice: dict[str, Any] = {}
    suggested = selectors.recommend(partnership.organisation, version)
    if last is None or (last.annual_amount is None and not last.waived):
        # No amount was ever fixed (a tier set by hand): the application's choice stands.
        choice = selectors.applicant_choice(partnership.application)
    elif last.waived:
        choice = {"waiver_reason": f"Renewal of the waiver granted from {last.period_start}."}
    elif (
        last
        and last.annual_amount
        and suggested.suggested
        and last.annual_amount > suggested.suggested.annual_amount
    ):
        choice = {"offer": last.annual_amount}
    rec = selectors.recommend(partnership.organisation, version, **choice)
    if rec.final is None:
        raise ActionError(ERR_CANNOT_RECOMMEND.format(problem=reasoning.problem_shown(rec.problem)))
    extra = [f"Renewal from {start}: re-checked under schedule v{version.number}."]
    if rec.problem:
        extra.append(f"The earlier offer or waiver no longer stands: {rec.problem}")
    assignment = _assignment_from(partnership, AssignmentKind.RENEWAL, start, rec, extra)
    before = partnership.tier
    if before != assignment.tier_name:
        partnership.tier = assignment.tier_name
        partnership.save(update_fields=["tier", "updated_at"])
    audit_record(
        actor=actor,
        verb="partnership.renewed",
        target=partnership,
        organisation=partnership.organisation,
        before={"tier": before},
        after={
            "tier": assignment.tier_name,
            "schedule_version": version.number,
            "period": [start.isoformat(), assignment.period_end.isoformat()],
        },
    )
    publish_fact(
        kind="partner.renewed",
        subject=f"organisation:{partnership.organisation.public_id}",
        fact={
            **partnership_fact(partnership),
            "period_start": start.isoformat(),
            "period_end": assignment.period_end.isoformat(),
            "schedule_version": version.number,
        },
    )
    return assignment


# --- Pledges, receipts, in kind --------------------------------------------------------


@transaction.atomic
def pledge_record(
    *,
    actor: Any,
    organisation: Organisation,
    total: Decimal,
    currency: str,
    rate_to_base: Decimal,
    start: date,
    years: int,
    per_year: int = 1,
    note: str = "",
) -> Pledge:
    """A multi-year cash pledge; its instalments come from the engine and add up exactly.
    A terminated (or withdrawn) partner pledges no more (``ERR_NOT_PLEDGING``)."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    if not contributes_now(organisation):
        raise ActionError(ERR_NOT_PLEDGING, field="organisation")
    total, rate, currency = _money(total), _rate(rate_to_base), _currency(currency)
    try:
        schedule = engine.instalment_schedule(total, currency, start, years, per_year)
    except ValueError as error:
        raise ActionError(ERR_PLEDGE_SHAPE if "years" in str(error) else str(error)) from error
    pledge = Pledge.objects.create(
        organisation=organisation,
        total=total,
        currency=currency,
        rate_to_base=rate,
        start=start,
        years=years,
        per_year=per_year,
        note=note,
        recorded_by=actor,
    )
    Instalment.objects.bulk_create(
        Instalment(pledge=pledge, number=i.number, due=i.due, amount=i.amount) for i in schedule
    )
    audit_record(
        actor=actor,
        verb="pledge.recorded",
        target=pledge,
        organisation=organisation,
        after={
            "total": str(total),
            "currency": currency,
            "rate_to_base": str(rate),
            "start": start.isoformat(),
            "years": years,
            "per_year": per_year,
        },
    )
    funding_totals_publish()
    return pledge


PLEDGE_TERMS = ("total", "rate_to_base", "start", "years", "per_year", "note")


def _pledge_terms(pledge: Pledge) -> dict[str, str]:
    return {
        "total": str(pledge.total),
        "currency": pledge.currency,
        "rate_to_base": str(pledge.rate_to_base),
        "start": pledge.start.isoformat(),
        "years": str(pledge.years),
        "per_year": str(pledge.per_year),
        "note": pledge.note,
    }


def _locked_active_pledge(actor: Any, pledge: Pledge, reason: str) -> Pledge:
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    if not reason.strip():
        raise ActionError(ERR_PLEDGE_REASON, field="reason")
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.ACTIVE:
        raise ActionError(ERR_PLEDGE_CANCELLED)
    return pledge


@transaction.atomic
def pledge_amend(
    *,
    actor: Any,
    pledge: Pledge,
    reason: str,
    total: Decimal,
    rate_to_base: Decimal,
    start: date,
    years: int,
    per_year: int,
    note: str = "",
) -> Pledge:
    """Change a pledge's terms, with a reason; its instalments are worked out again and
    the receipts matched to them anew. The terms before and after stay in the trail."""
    pledge = _locked_active_pledge(actor, pledge, reason)
    total, rate = _money(total), _rate(rate_to_base)
    received = sum((r.amount for r in pledge.receipts.all()), Decimal(0))
    if total < received:
        raise ActionError(
            ERR_PLEDGE_BELOW_RECEIVED.format(received=money(received, pledge.currency))
        )
    try:
        schedule = engine.instalment_schedule(total, pledge.currency, start, years, per_year)
    except ValueError as error:
        raise ActionError(ERR_PLEDGE_SHAPE if "years" in str(error) else str(error)) from error
    before = _pledge_terms(pledge)
    pledge.total, pledge.rate_to_base, pledge.start = total, rate, start
    pledge.years, pledge.per_year, pledge.note = years, per_year, note
    pledge.save()
    pledge.refresh_from_db()  # compare the terms as stored, not as typed
    after = _pledge_terms(pledge)
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        raise ActionError(ERR_PLEDGE_UNCHANGED)  # the transaction rolls back
    pledge.instalments.all().delete()
    Instalment.objects.bulk_create(
        Instalment(pledge=pledge, number=i.number, due=i.due, amount=i.amount) for i in schedule
    )
    audit_record(
        actor=actor,
        verb="pledge.amended",
        target=pledge,
        organisation=pledge.organisation,
        before={k: before[k] for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
        reason=reason.strip(),
    )
    funding_totals_publish()
    return pledge


@transaction.atomic
def pledge_cancel(*, actor: Any, pledge: Pledge, reason: str) -> Pledge:
    """Cancel a pledge, with a reason: nothing more is expected; what was received stays
    received (and counted)."""
    pledge = _locked_active_pledge(actor, pledge, reason)
    pledge.status = PledgeStatus.CANCELLED
    pledge.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb="pledge.cancelled",
        target=pledge,
        organisation=pledge.organisation,
        before={"status": PledgeStatus.ACTIVE.value},
        after={"status": PledgeStatus.CANCELLED.value},
        reason=reason.strip(),
    )
    funding_totals_publish()
    return pledge


@transaction.atomic
def pledge_instalments_cancel_future(
    *, actor: Any, organisation: Organisation, reason: str, today: date
) -> int:
    """Cancel every instalment of the organisation's active pledges falling due after
    ``today``, with the reason (a terminated partner's pledge no longer counts). The
    instalments are kept as history; past ones and receipts are untouched. Called by
    the Board's partnership flow (governance.partnership_flow)."""
    if not (can(actor, Perm.MANAGE_FUNDING) or can(actor, Perm.RECORD_BOARD_DECISION)):
        raise NotAllowed(ERR_FUNDING_STAFF)
    if not reason.strip():
        raise ActionError(ERR_CANCEL_REASON, field="reason")
    future = Instalment.objects.select_for_update().filter(
        pledge__organisation=organisation,
        pledge__status=PledgeStatus.ACTIVE,
        due__gt=today,
        cancelled_on__isnull=True,
    )
    cancelled = list(future.values_list("pledge_id", "number"))
    future.update(cancelled_on=today, cancelled_reason=reason.strip())
    if cancelled:
        audit_record(
            actor=actor,
            verb="pledge.instalments_cancelled",
            target=organisation,
            organisation=organisation,
            after={"instalments": [f"{p}/{n}" for p, n in cancelled]},
            reason=reason,
        )
        funding_totals_publish()
    return len(cancelled)


@transaction.atomic
def receipt_record(
    *,
    actor: Any,
    pledge: Pledge,
    reference: str,
    amount: Decimal,
    received_on: date,
    rate_to_base: Decimal | None = None,
    confirm_overpayment: bool = False,
) -> tuple[Receipt, engine.Allocation]:
    """Money received on a pledge (in its currency), matched to the oldest instalments
    first. Returns the allocation, which shows any under- or over-payment. A receipt
    dated after today is refused; one paying more than the pledge still owes needs
    ``confirm_overpayment`` (a typo of an extra zero goes straight to the public totals)."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    amount = _money(amount)
    today = timezone.localdate()
    if received_on > today:
        raise ActionError(
            ERR_RECEIPT_IN_FUTURE.format(today=date_shown(today)), field="received_on"
        )
    owed = selectors.pledge_allocation(pledge, today).underpaid
    if amount > owed and not confirm_overpayment:
        raise ActionError(
            ERR_OVERPAYMENT_UNCONFIRMED.format(
                over=money(amount - owed, pledge.currency),
                owed=money(owed, pledge.currency),
            ),
            field="confirm_overpayment",
        )
    rate = _rate(rate_to_base) if rate_to_base is not None else pledge.rate_to_base
    if not reference.strip():
        raise ActionError(ERR_REFERENCE, field="reference")
    if pledge.receipts.filter(reference=reference.strip()).exists():
        raise ActionError(ERR_DUPLICATE_RECEIPT, field="reference")
    receipt = Receipt.objects.create(
        pledge=pledge,
        reference=reference.strip(),
        received_on=received_on,
        amount=amount,
        rate_to_base=rate,
        recorded_by=actor,
    )
    allocation = selectors.pledge_allocation(pledge, timezone.localdate())
    audit_record(
        actor=actor,
        verb="receipt.recorded",
        target=pledge,
        organisation=pledge.organisation,
        after={
            "reference": receipt.reference,
            "amount": str(amount),
            "currency": pledge.currency,
            "received_on": received_on.isoformat(),
            "underpaid": str(allocation.underpaid),
            "overpaid": str(allocation.overpaid),
        },
    )
    funding_totals_publish()
    return receipt, allocation


@transaction.atomic
def in_kind_record(
    *,
    actor: Any,
    organisation: Organisation,
    category: str,
    description: str,
    declared_value: Decimal,
    delivered_on: date,
    currency: str = Currency.USD,
    rate_to_base: Decimal = Decimal(1),
    hours: Decimal | None = None,
    evidence: UploadedFile | None = None,
    evidence_note: str = "",
) -> InKindContribution:
    """A contribution in kind at its declared value, with evidence of delivery. It is
    reported beside cash and never added into it."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    if not contributes_now(organisation):
        raise ActionError(ERR_NOT_CONTRIBUTING, field="organisation")
    if category not in InKindCategory.values:
        raise ActionError(ERR_CATEGORY, field="category")
    if not description.strip():
        raise ActionError(ERR_DESCRIPTION, field="description")
    value, rate, currency = _money(declared_value), _rate(rate_to_base), _currency(currency)
    if evidence is not None:
        check_evidence(evidence)
    item = InKindContribution.objects.create(
        organisation=organisation,
        category=category,
        description=description.strip(),
        hours=hours,
        declared_value=value,
        currency=currency,
        rate_to_base=rate,
        delivered_on=delivered_on,
        evidence_note=evidence_note,
        recorded_by=actor,
    )
    if evidence is not None:
        item.evidence.save(evidence.name, evidence, save=True)
    audit_record(
        actor=actor,
        verb="in_kind.recorded",
        target=item,
        organisation=organisation,
        after={
            "category": category,
            "declared_value": str(value),
            "currency": currency,
            "delivered_on": delivered_on.isoformat(),
            "evidence": bool(evidence),
        },
    )
    funding_totals_publish()
    return item


@transaction.atomic
def in_kind_add_evidence(
    *, actor: Any, contribution: InKindContribution, evidence: UploadedFile, note: str = ""
) -> InKindContribution:
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    check_evidence(evidence)
    contribution.evidence.save(evidence.name, evidence, save=False)
    contribution.evidence_note = note or contribution.evidence_note
    contribution.save(update_fields=["evidence", "evidence_note"])
    audit_record(
        actor=actor,
        verb="in_kind.evidenced",
        target=contribution,
        organisation=contribution.organisation,
        after={"evidence": contribution.evidence.name},
    )
    return contribution


@transaction.atomic
def budget_set(
    *, actor: Any, year: int, lines: list[tuple[str, Decimal]], note: str = ""
) -> Budget:
    """Adopt (or replace) the budget for ``year``, line by line, in US dollars."""
    _require(actor, Perm.MANAGE_FUNDING, ERR_FUNDING_STAFF)
    clean = [
        (label.strip(), _money(amount, ERR_BUDGET_LINES))
        for label, amount in lines
        if label.strip()
    ]
    if not clean:
        raise ActionError(ERR_BUDGET_LINES, field="lines")
    budget, _ = Budget.objects.get_or_create(year=year, defaults={"adopted_by": actor})
    before = {line.label: str(line.amount) for line in budget.lines.all()}
    budget.lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, label=lb, amount=am) for lb, am in clean
    )
    budget.note, budget.adopted_by = note, actor
    budget.save(update_fields=["note", "adopted_by"])
    audit_record(
        actor=actor,
        verb="budget.set",
        target=budget,
        before=before,
        after={label: str(amount) for label, amount in clean},
    )
    funding_totals_publish()
    return budget


def funding_totals_publish(today: date | None = None) -> bool:
    """Put the aggregate funding totals on the public log when they changed. Runs inside
    the calling action's transaction; never publishes a single partner's amount."""
    totals = selectors.public_totals(selectors.funding_report(today or timezone.localdate()))
    last = PublishedTotals.objects.order_by("-id").first()
    if last is not None and last.totals == totals:
        return False
    PublishedTotals.objects.create(totals=totals)
    publish_fact(kind="funding.totals", subject=PUBLIC_SUBJECT, fact=totals)
    return True
