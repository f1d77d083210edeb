"""The demo alliance's money: budgets for this year and next, pledges of every kind
(multi-year cash in USD, EUR and GBP, in kind with evidence, waivers), some overdue,
and a gap you can see on the dashboard. Written through the real funding actions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from alliance.funding import actions, selectors
from alliance.funding.models import Budget
from alliance.governance.flows import partnership_tier_change
from alliance.organisations.models import Partnership

D = Decimal
# Indicative rates (US$ per unit) recorded with each demo pledge.
RATES = {"USD": D("1"), "EUR": D("1.0825"), "GBP": D("1.2650")}
BUDGET_LINES = [
    ("Secretariat staff", D("1150000")),
    ("Due diligence and screening", D("260000")),
    ("Working groups and convenings", D("340000")),
    ("Pilots with humanitarian partners", D("600000")),
    ("Transparency, audit and legal", D("150000")),
]
IN_KIND = [
    ("expertise", "Wallet security review by two senior engineers", D("300"), D("45000")),
    ("technology", "Hosting and key management for the credential service", None, D("60000")),
    ("networks", "Introductions to eight civil-registration authorities", None, D("15000")),
    ("convening", "Regional workshop on refugee registration, 60 participants", None, D("22000")),
    ("venues", "Conference centre for the annual partners' meeting", None, D("18000")),
]


def _evidence_pdf(title: str) -> SimpleUploadedFile:
    body = f"Evidence of delivery: {title}".encode()
    pdf = b"%PDF-1.4\n1 0 obj<< /Title (" + body + b") >>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("delivery-note.pdf", pdf, content_type="application/pdf")


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    del logins
    secretariat = staff["secretariat"]
    if Budget.objects.filter(year=today.year).exists():
        return  # already seeded
    for year, growth in ((today.year, D("1")), (today.year + 1, D("1.12"))):
        actions.budget_set(
            actor=secretariat,
            year=year,
            lines=[(label, (amount * growth).quantize(D("1"))) for label, amount in BUDGET_LINES],
            note="Adopted with the annual plan.",
        )
    partners = list(
        Partnership.objects.filter(status="active")
        .select_related("organisation", "application")
        .order_by("since", "organisation__legal_name")
    )
    _renew_lapsed(secretariat, partners, today)
    first_due = date(today.year, 1, 15)
    currencies = ["USD", "EUR", "GBP"]
    for index, partnership in enumerate(partners):
        organisation = partnership.organisation
        assignment = selectors.current_assignment(partnership)
        if assignment is None or assignment.waived or not assignment.annual_amount:
            continue
        currency = currencies[index % 3]
        if organisation.is_founding_partner:
            # Founding partners' multi-year commitments, of the order of US$1M.
            total_usd, years, per_year = D("1000000"), 3, 2
        else:
            total_usd, years, per_year = assignment.annual_amount * 2, 2, 1
        total = (total_usd / RATES[currency]).quantize(D("1"))
        pledge = actions.pledge_record(
            actor=secretariat,
            organisation=organisation,
            total=total,
            currency=currency,
            rate_to_base=RATES[currency],
            start=first_due + timedelta(days=index * 9),
            years=years,
            per_year=per_year,
            note="Demo pledge",
        )
        allocation = selectors.pledge_allocation(pledge, today)
        due = [row.instalment for row in allocation.instalments if row.instalment.due <= today]
        if index % 4 == 3:
            continue  # nothing paid yet: these show as overdue
        for number, instalment in enumerate(due, start=1):
            amount = instalment.amount
            if index % 4 == 2 and number == len(due):
                amount = (amount / 2).quantize(D("0.01"))  # a part-payment
            actions.receipt_record(
                actor=secretariat,
                pledge=pledge,
                reference=f"DEMO-{pledge.pk}-{number}",
                amount=amount,
                received_on=min(instalment.due + timedelta(days=12), today),
                rate_to_base=None,
            )
    givers = [p for p in partners if not p.organisation.is_founding_partner][: len(IN_KIND)]
    for number, (partnership, (category, text, hours, value)) in enumerate(
        zip(givers, IN_KIND, strict=False)
    ):
        actions.in_kind_record(
            actor=secretariat,
            organisation=partnership.organisation,
            category=category,
            description=text,
            declared_value=value,
            hours=hours,
            delivered_on=today - timedelta(days=30 + 45 * number),
            evidence=_evidence_pdf(text) if number % 2 == 0 else None,
            evidence_note="Signed delivery note" if number % 2 == 0 else "",
        )


def _renew_lapsed(secretariat: Any, partners: list[Partnership], today: date) -> None:
    """Partners admitted years ago renew period by period, each renewal re-checking the
    tier (and applying the waivers small NGOs asked for on their applications)."""
    for partnership in partners:
        for _ in range(10):
            current = selectors.current_assignment(partnership)
            if current is not None and current.period_end >= today:
                break
            partnership_tier_change(actor=secretariat, partnership=partnership, on=today)
