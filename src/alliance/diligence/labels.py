"""Words for diligence's codes that are engine values rather than model choices (the
engine imports no Django, so the translations are here)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from alliance.engines.risk import Relationship

RELATIONSHIP_LABELS: dict[str, Any] = {
    Relationship.MEMBERSHIP.value: _("Membership (little or no cash contribution)"),
    Relationship.IN_KIND.value: _("In-kind partnership (expertise, technology, networks, venues)"),
    Relationship.FINANCIAL.value: _("Financial partnership (a cash contribution)"),
    Relationship.GOVERNANCE.value: _("A governance role (a Board seat or a group's chair)"),
}

# A controversy's severity and status are stored as the engine's codes, which are
# English words; the templates show them with {% translate code context "…" %}, and
# these list them for the catalog. Each kind of code has its own context, because one
# English word serves two of them and other languages agree it differently (Spanish: a
# "moderada" controversy, a "moderado" risk level; an ESG commitment "ninguno").
SEVERITY = "controversy severity"
CONTROVERSY_STATUS = "controversy status"
RISK_LEVEL = "risk level"
REVIEW_DEPTH = "depth of review"
ESG_COMMITMENT = "ESG commitment"
MONITORING_STATE = "monitoring state"

CONTROVERSY_WORDS = (
    pgettext_lazy("controversy severity", "minor"),
    pgettext_lazy("controversy severity", "moderate"),
    pgettext_lazy("controversy severity", "serious"),
    pgettext_lazy("controversy severity", "severe"),
    pgettext_lazy("controversy status", "alleged"),
    pgettext_lazy("controversy status", "substantiated"),
    pgettext_lazy("controversy status", "resolved"),
)


def code_words(context: str, code: Any) -> str:
    """An engine code (``moderate``, ``RiskLevel.HIGH`` as an override step may write
    it) in the active language, as the kind of code ``context`` agrees it."""
    word = str(getattr(code, "value", code))
    if word.startswith("RiskLevel."):
        word = word.rsplit(".", 1)[-1].lower()
    return pgettext(context, word)


def relationship_label(code: str) -> str:
    return str(RELATIONSHIP_LABELS.get(code, code.replace("_", " ").capitalize()))


# A partner's monitoring state (diligence.selectors.MonitoringRow.state), a code in
# English words; the monitoring page shows it with {% translate state context "…" %}.
MONITORING_STATES = (
    pgettext_lazy("monitoring state", "in progress"),
    pgettext_lazy("monitoring state", "overdue"),
    pgettext_lazy("monitoring state", "due today"),
    pgettext_lazy("monitoring state", "upcoming"),
    pgettext_lazy("monitoring state", "scheduled"),
)

# The depth of review (engines.risk.ReviewDepth).
REVIEW_DEPTHS = (
    pgettext_lazy("depth of review", "basic"),
    pgettext_lazy("depth of review", "standard"),
    pgettext_lazy("depth of review", "enhanced"),
)

# The ESG commitment (engines.risk.EsgCommitment).
ESG_COMMITMENTS = (
    pgettext_lazy("ESG commitment", "strong"),
    pgettext_lazy("ESG commitment", "adequate"),
    pgettext_lazy("ESG commitment", "weak"),
    pgettext_lazy("ESG commitment", "none"),
)

# Risk levels (engines.risk.RiskLevel), as codes and as the pages capitalise them
# (diligence.models.LEVEL_CHOICES reads the capitalised ones).
RISK_LEVELS = (
    pgettext_lazy("risk level", "low"),
    pgettext_lazy("risk level", "moderate"),
    pgettext_lazy("risk level", "substantial"),
    pgettext_lazy("risk level", "high"),
    pgettext_lazy("risk level", "Low"),
    pgettext_lazy("risk level", "Moderate"),
    pgettext_lazy("risk level", "Substantial"),
    pgettext_lazy("risk level", "High"),
)
