"""Words for diligence's codes that are engine values rather than model choices (the
engine imports no Django, so the translations are here)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from alliance.engines.risk import Relationship

RELATIONSHIP_LABELS: dict[str, Any] = {
    Relationship.MEMBERSHIP.value: _("Membership (little or no cash contribution)"),
    Relationship.IN_KIND.value: _("In-kind partnership (expertise, technology, networks, venues)"),
    Relationship.FINANCIAL.value: _("Financial partnership (a cash contribution)"),
    Relationship.GOVERNANCE.value: _("A governance role (a Board seat or a group's chair)"),
}

# A controversy's severity and status are stored as the engine's codes, which are
# English words; the templates show them with {% translate %}, and these list them for
# the catalog.
CONTROVERSY_WORDS = (
    gettext_noop("minor"),
    gettext_noop("moderate"),
    gettext_noop("serious"),
    gettext_noop("severe"),
    gettext_noop("alleged"),
    gettext_noop("substantiated"),
    gettext_noop("resolved"),
)


def relationship_label(code: str) -> str:
    return str(RELATIONSHIP_LABELS.get(code, code.replace("_", " ").capitalize()))


# A partner's monitoring state (diligence.selectors.MonitoringRow.state), a code in
# English words; the monitoring page shows it with {% translate %}.
MONITORING_STATES = (
    gettext_noop("in progress"),
    gettext_noop("overdue"),
    gettext_noop("due today"),
    gettext_noop("upcoming"),
    gettext_noop("scheduled"),
)

# The depth of review (engines.risk.ReviewDepth), shown with {% translate %}.
REVIEW_DEPTHS = (gettext_noop("basic"), gettext_noop("standard"), gettext_noop("enhanced"))

# The ESG commitment (engines.risk.EsgCommitment), shown with {% translate %}.
ESG_COMMITMENTS = (
    gettext_noop("strong"),
    gettext_noop("adequate"),
    gettext_noop("weak"),
    gettext_noop("none"),
)

# Risk levels (engines.risk.RiskLevel), as codes and as the pages capitalise them;
# shown with {% translate %} (diligence.models.LEVEL_CHOICES reads the capitalised ones).
RISK_LEVELS = (
    gettext_noop("low"),
    gettext_noop("moderate"),
    gettext_noop("substantial"),
    gettext_noop("high"),
    gettext_noop("Low"),
    gettext_noop("Moderate"),
    gettext_noop("Substantial"),
    gettext_noop("High"),
)
