"""Money helpers for pledges: exact decimal conversion, instalment schedules, receipts.

Money is always ``decimal.Decimal`` quantised to cents; a float is refused outright so
that a rounding error can never creep into a pledge or a report.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from enum import StrEnum

CENT = Decimal("0.01")


def _require_decimal(value: object, what: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a decimal.Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite amount")
    return value


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` x ``rate`` (units of the target currency per unit of the source),
    quantised to cents with banker's rounding (ROUND_HALF_EVEN)."""
    _require_decimal(amount, "amount")
    _require_decimal(rate, "rate")
    if rate <= 0:
        raise ValueError("an exchange rate must be positive")
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Instalment:
    number: int  # 1-based
    due: date
    amount: Decimal
    currency: str


def instalment_schedule(
    total: Decimal, currency: str, start: date, years: int, per_year: int
) -> list[Instalment]:
    """Spread ``total`` over ``years`` x ``per_year`` equal instalments, the first due on
    ``start``. Each is rounded down to the cent; the remainder goes on the last one, so
    the instalments always add up to ``total`` exactly."""
    _require_decimal(total, "total")
    if total <= 0:
        raise ValueError("a pledge total must be positive")
    if total != total.quantize(CENT):
        raise ValueError("a pledge total must be a whole number of cents")
    if years < 1 or per_year < 1 or 12 % per_year:
        raise ValueError("years must be >= 1 and per_year one of 1, 2, 3, 4, 6, 12")
    count = years * per_year
    regular = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    if regular == 0:
        raise ValueError(f"{total} {currency} is too small to split into {count} instalments")
    step = 12 // per_year
    instalments = [
        Instalment(n + 1, add_months(start, n * step), regular, currency) for n in range(count)
    ]
    last = instalments[-1]
    instalments[-1] = Instalment(last.number, last.due, total - regular * (count - 1), currency)
    return instalments


@dataclass(frozen=True, slots=True)
class Receipt:
    reference: str
    received_on: date
    amount: Decimal
    currency: str


class InstalmentStatus(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"


@dataclass(frozen=True, slots=True)
class InstalmentAllocation:
    instalment: Instalment
    paid: Decimal
    outstanding: Decimal
    status: InstalmentStatus
    overdue: bool  # due before ``as_of`` and not fully paid
    receipts: tuple[tuple[str, Decimal], ...]  # (receipt reference, amount applied)


@dataclass(frozen=True, slots=True)
class Allocation:
    instalments: tuple[InstalmentAllocation, ...]
    total_due: Decimal
    total_received: Decimal
    underpaid: Decimal  # still owed across all instalments
    overpaid: Decimal  # received beyond every instalment: a credit to refund or carry over
    overdue: Decimal  # owed on instalments already due at ``as_of``
    reasoning: tuple[str, ...]


def apply_receipt(
    instalments: Sequence[Instalment],
    receipts: Iterable[Receipt],
    as_of: date | None = None,
) -> Allocation:
    """Apply receipts, earliest first, to the oldest unpaid instalment first."""
    ordered = sorted(instalments, key=lambda i: (i.due, i.number))
    currencies = {i.currency for i in ordered}
    if len(currencies) > 1:
        raise ValueError("instalments of one pledge share one currency")
    currency = currencies.pop() if currencies else None
    paid = [Decimal("0.00") for _ in ordered]
    applied: list[list[tuple[str, Decimal]]] = [[] for _ in ordered]
    steps: list[str] = []
    overpaid = Decimal("0.00")
    total_received = Decimal("0.00")
    for receipt in sorted(receipts, key=lambda r: (r.received_on, r.reference)):
        _require_decimal(receipt.amount, "receipt amount")
        if receipt.amount <= 0 or receipt.amount != receipt.amount.quantize(CENT):
            raise ValueError(f"receipt {receipt.reference} must be a positive number of cents")
        if currency is not None and receipt.currency != currency:
            raise ValueError(
                f"receipt {receipt.reference} is in {receipt.currency}, the pledge in "
                f"{currency}: convert it first at the recorded rate"
            )
        total_received += receipt.amount
        left = receipt.amount
        for index, instalment in enumerate(ordered):
            if left == 0:
                break
            room = instalment.amount - paid[index]
            if room <= 0:
                continue
            take = min(room, left)
            paid[index] += take
            applied[index].append((receipt.reference, take))
            left -= take
            steps.append(
                f"Receipt {receipt.reference} ({receipt.received_on}): {take} {currency} "
                f"to instalment {instalment.number} due {instalment.due}."
            )
        if left > 0:
            overpaid += left
            steps.append(
                f"Receipt {receipt.reference}: {left} {currency} more than every instalment "
                "owed (overpayment)."
            )

    rows = []
    for index, instalment in enumerate(ordered):
        outstanding = instalment.amount - paid[index]
        if outstanding == 0:
            status = InstalmentStatus.PAID
        elif paid[index] > 0:
            status = InstalmentStatus.PARTLY_PAID
        else:
            status = InstalmentStatus.UNPAID
        overdue = as_of is not None and instalment.due < as_of and outstanding > 0
        rows.append(
            InstalmentAllocation(
                instalment, paid[index], outstanding, status, overdue, tuple(applied[index])
            )
        )
    underpaid = sum((r.outstanding for r in rows), Decimal("0.00"))
    overdue_total = sum((r.outstanding for r in rows if r.overdue), Decimal("0.00"))
    total_due = sum((i.amount for i in ordered), Decimal("0.00"))
    steps.append(
        f"Due {total_due}, received {total_received}: {underpaid} still owed, "
        f"{overpaid} overpaid" + (f", {overdue_total} overdue at {as_of}." if as_of else ".")
    )
    return Allocation(
        instalments=tuple(rows),
        total_due=total_due,
        total_received=total_received,
        underpaid=underpaid,
        overpaid=overpaid,
        overdue=overdue_total,
        reasoning=tuple(steps),
    )
