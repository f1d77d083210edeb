"""Demo credentials: every active partner holds one; suspended and terminated partners'
credentials carry the matching status bits. Safe to re-run (the actions are idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from alliance.credentials import actions
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership


def seed(*, logins: Any, staff: dict[str, Any], today: date) -> None:
    secretariat = staff["secretariat"]
    for partnership in Partnership.objects.select_related("organisation").order_by("pk"):
        if partnership.status == PartnershipStatus.ACTIVE:
            if actions.current_partnership_credential(partnership) is None:
                actions.partnership_credential_issue(
                    actor=secretariat, partnership=partnership, reason="demo"
                )
        else:
            actions.partnership_credentials_follow_status(
                actor=secretariat, partnership=partnership
            )
