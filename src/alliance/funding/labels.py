"""Words for funding's codes that come from the engine rather than model choices."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.engines.tiers.money import InstalmentStatus

INSTALMENT_STATUS_LABELS: dict[str, Any] = {
    InstalmentStatus.UNPAID.value: _("Unpaid"),
    InstalmentStatus.PARTLY_PAID.value: _("Partly paid"),
    InstalmentStatus.PAID.value: _("Paid"),
}


def instalment_status(code: str, overdue: bool = False) -> str:
    words = str(INSTALMENT_STATUS_LABELS.get(str(code), str(code).replace("_", " ").capitalize()))
    return str(_("{status}, overdue")).format(status=words) if overdue else words
