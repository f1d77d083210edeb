"""The Board pack: one signed case, rendered for the Board as a web page and a PDF.

Personal data appears only where the Board needs it: the officers' and beneficial
owners' names and positions (who the alliance would deal with) and the names on
screening hits; never birth dates, nationalities or contact details.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from alliance.core.i18n import in_language
from alliance.diligence.models import Case, Finding, Recommendation
from alliance.diligence.policies import criteria_shown, engine_policy
from alliance.diligence.selectors import assessment_data, compute_assessment, screening_results
from alliance.engines.risk import ESG_EVIDENCE_CODES

ESG_LABELS = {
    "ungc-1": _("UNGC 1 — support and respect human rights"),
    "ungc-2": _("UNGC 2 — not complicit in human-rights abuses"),
    "ungc-3": _("UNGC 3 — freedom of association and collective bargaining"),
    "ungc-4": _("UNGC 4 — no forced or compulsory labour"),
    "ungc-5": _("UNGC 5 — abolition of child labour"),
    "ungc-6": _("UNGC 6 — no discrimination in employment"),
    "ungc-7": _("UNGC 7 — precautionary approach to the environment"),
    "ungc-8": _("UNGC 8 — greater environmental responsibility"),
    "ungc-9": _("UNGC 9 — environmentally friendly technologies"),
    "ungc-10": _("UNGC 10 — work against corruption"),
    "ungp": _("UN Guiding Principles on Business and Human Rights"),
}


# Sources of conflicts the Board pack notes on its first page: the governance app (above
# this one) registers the Board members' declared interests and flagged conflicts.
ConflictSource = Callable[[Any], list[str]]
_CONFLICT_SOURCES: list[ConflictSource] = []
_GAINS = re.compile(r": \+([1-9]\d*)\.$")


def register_conflict_source(source: ConflictSource) -> None:
    if source not in _CONFLICT_SOURCES:
        _CONFLICT_SOURCES.append(source)


def conflicts_noted(organisation: Any) -> list[str]:
    """Each conflict of interest noted about the organisation, in a sentence."""
    return [line for source in _CONFLICT_SOURCES for line in source(organisation)]


def level_reasons(case: Case, assessment: dict[str, Any]) -> list[str]:
    """Why the risk level is what it is: the reasoning steps that added points (or the
    confirmed criterion), and the reviewer's reason for an override."""
    reasoning = [str(line) for line in assessment.get("reasoning") or []]
    if not assessment.get("eligible", True):
        reasons = [line for line in reasoning if "confirmed:" in line]
    else:
        reasons = [line.rstrip(".") for line in reasoning if _GAINS.search(line)]
    if case.override_level and case.override_reason:
        reasons.append(
            str(_("the reviewer overrode the computed level: %(reason)s"))
            % {"reason": case.override_reason}
        )
    return reasons


def case_context(case: Case, *, results: list[Any] | None = None) -> dict[str, Any]:
    """Everything the case page and the Board pack show, from the case's own policy."""
    policy = engine_policy(case.policy_version)
    findings = {f.criterion_code: f for f in case.criterion_findings.select_related("author")}
    evidence = {e.principle: e for e in case.esg_evidence.select_related("author")}
    return {
        "case": case,
        "application": case.application,
        "organisation": case.organisation,
        "policy": policy,
        "criteria_rows": [
            (c, findings.get(c.code)) for c in criteria_shown(case.policy_version, policy)
        ],
        "sectors": [(s, s.code in case.high_risk_sectors) for s in policy.high_risk_sectors],
        "esg_rows": [(code, ESG_LABELS[code], evidence.get(code)) for code in ESG_EVIDENCE_CODES],
        "screening": results,
        "controversies": case.controversies.select_related("author"),
        "risk_log": case.risk_log.select_related("author"),
        # An open case is shown as it stands now (screening decisions are taken
        # elsewhere); a signed case shows the assessment frozen at sign-off.
        "assessment": case.assessment
        if case.is_signed
        else assessment_data(compute_assessment(case, results), results),
        "confirmed": Finding.CONFIRMED,
        "mitigation": Recommendation.ENGAGE_WITH_MITIGATION,
        "officers": case.organisation.people.all(),
    }


def render_html(case: Case, *, for_pdf: bool) -> str:
    context = case_context(case, results=screening_results(case.organisation))
    context["for_pdf"] = for_pdf
    template = "diligence/board_pack_pdf.html" if for_pdf else "diligence/board_pack.html"
    context["summary"] = pack_summary(context)
    return render_to_string(template, context)


def pack_summary(context: dict[str, Any]) -> dict[str, Any]:
    """Page 1 of the Board pack: applicant, risk level with its reason, recommendation,
    mitigations and conflicts, before the detail."""
    case: Case = context["case"]
    assessment = context["assessment"] or {}
    return {
        "level_reasons": level_reasons(case, assessment),
        "conflicts": conflicts_noted(case.organisation),
        "open_risks": [r.risk for r in context["risk_log"]],
    }


def render_pdf(case: Case, *, language: str | None = None) -> bytes:
    """The PDF in ``language`` (headings, labels, dates; ``dir="rtl"`` for Arabic)."""
    from weasyprint import HTML

    with in_language(language):
        html = render_html(case, for_pdf=True)
    # No base URL: the pack is self-contained (styles inline, no images fetched).
    return bytes(HTML(string=html).write_pdf())
