"""The runway: how far the money in hand (and promised) carries the budget.

Spending is taken as the annual budget spread evenly over its twelve months; a month
with no budget adopted counts as spending nothing, so the walk stops at the last
budgeted month ("covers every budgeted month").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from alliance.engines.tiers.money import CENT


@dataclass(frozen=True, slots=True)
class Runway:
    months: int  # whole budgeted months covered, counted from ``start``
    runs_out: date | None  # first day of the month the money no longer covers; None if never
    monthly_burn: Decimal  # the burn rate of the month ``start`` falls in
    reasoning: str


def runway(available: Decimal, annual_budgets: Mapping[int, Decimal], start: date) -> Runway:
    """Walk month by month from ``start`` spending 1/12 of that year's budget each month."""
    if not isinstance(available, Decimal):
        raise TypeError("available must be a decimal.Decimal")
    left = available
    year, month = start.year, start.month
    last_year = max(annual_budgets, default=start.year - 1)
    first_burn = _burn(annual_budgets, start.year)
    months = 0
    while year <= last_year:
        burn = _burn(annual_budgets, year)
        if burn > left:
            return Runway(
                months,
                date(year, month, 1),
                first_burn,
                f"{available} covers {months} month(s) of budgeted spending; "
                f"it runs short in {year}-{month:02d}.",
            )
        left -= burn
        months += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Runway(
        months,
        None,
        first_burn,
        f"{available} covers every budgeted month ({months}) with {left} to spare.",
    )


def _burn(annual_budgets: Mapping[int, Decimal], year: int) -> Decimal:
    return (annual_budgets.get(year, Decimal(0)) / 12).quantize(CENT, rounding=ROUND_HALF_EVEN)
