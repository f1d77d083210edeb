"""The public shape of organisation facts: what the register and the log may show.

Never includes personal data (officers, owners, contacts)."""

from __future__ import annotations

from typing import Any

from alliance.organisations.models import Partnership


def partnership_fact(partnership: Partnership) -> dict[str, Any]:
    org = partnership.organisation
    return {
        "organisation_id": str(org.public_id),
        "organisation": org.legal_name,
        "type": org.type,
        "country": org.registration_country,
        "tier": partnership.tier,
        "founding_partner": org.is_founding_partner,
        "since": partnership.since.isoformat(),
        "status": partnership.status,
        "commercial_stance": partnership.application.commercial_stance_summary,
    }
