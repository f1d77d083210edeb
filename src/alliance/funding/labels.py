"""Words for funding's codes that come from the engine rather than model choices."""

from __future__ import annotations

from alliance.engines.tiers.money import InstalmentStatus

INSTALMENT_STATUS_LABELS: dict[str, str] = {
    InstalmentStatus.UNPAID.value: "Unpaid",
    InstalmentStatus.PARTLY_PAID.value: "Partly paid",
    InstalmentStatus.PAID.value: "Paid",
}


def instalment_status(code: str, overdue: bool = False) -> str:
    words = INSTALMENT_STATUS_LABELS.get(str(code), str(code).replace("_", " ").capitalize())
    return f"{words}, overdue" if overdue else words
