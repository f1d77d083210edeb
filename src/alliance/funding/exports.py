"""CSV and XLSX exports of the funding report (staff only; amounts in US$)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from alliance.core.spreadsheet import csv_text, safe_cell
from alliance.engines import tiers as engine
from alliance.funding import selectors

Table = tuple[list[str], list[list[Any]]]
TOTAL_HEADERS = ["pledged_usd", "received_usd", "in_kind_usd"]


def tables(report: selectors.FundingReport, today: date) -> dict[str, Table]:
    """Every table of the dashboard, keyed by a short name."""
    pledges = []
    for pledge in selectors.active_pledges():
        allocation = selectors.pledge_allocation(pledge, today)
        pledges.append(
            [
                pledge.organisation.legal_name,
                selectors.tier_of(pledge.organisation),
                pledge.currency,
                pledge.total,
                pledge.rate_to_base,
                pledge.start.isoformat(),
                pledge.years,
                pledge.per_year,
                allocation.total_received,
                allocation.underpaid,
                allocation.overdue,
                allocation.overpaid,
            ]
        )
    return {
        "years": (
            ["year", "budget_usd", *TOTAL_HEADERS, "gap_usd"],
            [
                # No budget, no gap: the cell is empty, as the dashboard says "no budget".
                [y, t.budget if t.budget else None, t.pledged, t.received, t.in_kind,
                 t.gap if t.budget else None]
                for y, t in report.by_year.items()
            ],
        ),
        "tiers": (
            ["tier", *TOTAL_HEADERS],
            [[k, t.pledged, t.received, t.in_kind] for k, t in report.by_tier.items()],
        ),
        "types": (
            ["organisation_type", *TOTAL_HEADERS],
            [[k, t.pledged, t.received, t.in_kind] for k, t in report.by_type.items()],
        ),
        "pledges": (
            [
                "organisation",
                "tier",
                "currency",
                "total",
                "rate_to_usd",
                "start",
                "years",
                "instalments_a_year",
                "received",
                "outstanding",
                "overdue",
                "overpaid",
            ],
            pledges,
        ),
        "receipts": (
            ["organisation", "reference", "received_on", "currency", "amount", "rate_to_usd",
             "amount_usd", "pledge_status"],
            [
                [r.pledge.organisation.legal_name, r.reference, r.received_on.isoformat(),
                 r.pledge.currency, r.amount, r.rate_to_base,
                 r.amount_base, r.pledge.get_status_display()]  # type: ignore[attr-defined]
                for r in selectors.all_receipts()
            ],
        ),
        "in_kind": (
            ["organisation", "category", "description", "hours", "currency", "declared_value",
             "rate_to_usd", "value_usd", "delivered_on", "evidence"],
            [
                [i.organisation.legal_name, i.get_category_display(), i.description, i.hours,
                 i.currency, i.declared_value, i.rate_to_base,
                 engine.convert(i.declared_value, i.rate_to_base), i.delivered_on.isoformat(),
                 "file" if i.evidence else "awaited"]
                for i in selectors.all_in_kind()
            ],
        ),
    }  # fmt: skip


def to_csv(table: Table) -> str:
    # Cells go through the one spreadsheet helper: no applicant text runs as a formula.
    headers, rows = table
    return csv_text(headers, rows, lineterminator="\r\n")


def to_xlsx(all_tables: dict[str, Table]) -> bytes:
    from openpyxl import Workbook  # here: a second of import for every process otherwise

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (headers, rows) in all_tables.items():
        sheet = workbook.create_sheet(title=name)
        sheet.append([safe_cell(h) for h in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, (int, float, Decimal)) and cell.column > 1:
                    cell.number_format = "#,##0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
