"""Cells for CSV and XLSX exports that a spreadsheet never runs as a formula.

Every export (the register's open data, the funding reports, any future one) writes its
cells through :func:`safe_cell` or the writers below. A text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe (OWASP's
advice against CSV injection), so ``=HYPERLINK(...)`` from an applicant shows as text.
Numbers stay numbers: only strings are touched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_cell(value: Any) -> Any:
    """A cell value safe in CSV and XLSX: strings neutralised, other values unchanged."""
    if isinstance(value, str):
        return safe_text(value)
    return value


def csv_cell(value: Any) -> Any:
    """For CSV: like :func:`safe_cell`, and decimals as exact strings."""
    if isinstance(value, Decimal):
        return str(value)
    return safe_cell(value)


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n"
) -> str:
    """A whole CSV document, every cell neutralised (the header too)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_dict_text(
    fieldnames: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    lineterminator: str = "\r\n",
) -> str:
    """A CSV document from mappings, in ``fieldnames`` order, every cell neutralised."""
    return csv_text(
        fieldnames,
        ([row.get(f, "") for f in fieldnames] for row in rows),
        lineterminator=lineterminator,
    )
