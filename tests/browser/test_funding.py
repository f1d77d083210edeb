"""Funding in a real browser: the applicant sees the recommended tier and amount with its
reasoning and offers more; the secretariat confirms the tier; after the Board's admission
the secretariat records a receipt and the dashboard's funding plot changes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.roles import Role
from alliance.funding import actions as funding
from alliance.governance import flows
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind
from alliance.organisations import actions
from alliance.organisations.models import Application, Partnership
from alliance.organisations.selectors import current_principle_set
from tests.browser.conftest import screenshot, sign_in_page
from tests.factories import draft_application, make_user, sign_off_with_pack

pytestmark = pytest.mark.django_db(transaction=True)


def _verified(email: str, role: Role | None = None):  # type: ignore[no-untyped-def]
    user = make_user(email, role)
    EmailAddress.objects.filter(user=user).update(verified=True)
    return user


def _plot(page) -> str:  # type: ignore[no-untyped-def]
    page.goto("/funding/dashboard/")
    return page.locator("#chart-funding-vs-budget").evaluate("svg => svg.outerHTML")


def test_recommendation_offer_admission_receipt_and_dashboard(browser, live_server, page):  # type: ignore[no-untyped-def]
    applicant = _verified("grace@amani-aid.example")
    staff = _verified("nadia@secretariat.example", Role.SECRETARIAT)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    application = draft_application(applicant)  # NGO, US$1-10M, lower-middle income

    # The applicant sees the recommended tier and amount, with its reasoning ...
    sign_in_page(page, applicant.email)
    page.goto(f"/apply/{application.pk}/motivation/")
    expect(page.locator("#recommended-tier")).to_have_text("Supporter")
    expect(page.locator("#recommended-amount")).to_have_text("USD 750.00")
    expect(page.locator("ol.funding-reasoning")).to_contain_text("Base for size US$1M–10M")
    expect(page.locator("ol.funding-reasoning")).to_contain_text("lower-middle income")

    # ... and offers more.
    page.fill("#id_humanitarian_motivation", "Legal identity for refugees in Kakuma.")
    page.fill("#id_brings_expertise", "Field registration and legal aid.")
    page.check("#id_aml_cft_certified")
    page.select_option("#id_contribution_kind", "financial")
    page.fill("#id_contribution_amount", "12000")
    page.click("button[name=save_and_continue]")
    page.goto(f"/apply/{application.pk}/motivation/")
    expect(page.locator("#your-choice")).to_contain_text("USD 12,000.00")
    expect(page.locator("#your-choice")).to_contain_text("Partner")
    screenshot(page, "funding-recommendation")
    page.click("text=Sign out")

    application = Application.objects.get(pk=application.pk)
    actions.application_update(
        actor=applicant,
        application=application,
        application_fields={"has_no_commercial_interest": True},
    )
    codes = [p["code"] for p in current_principle_set().principles]
    actions.application_attest(
        actor=applicant, application=application, principle_codes=codes, privacy_consent=True
    )
    flows.application_submit(actor=applicant, application=application)
    sign_off_with_pack(application, staff)

    # The secretariat confirms the tier on the application page.
    sign_in_page(page, staff.email, secret)
    page.goto(f"/applications/{application.pk}/")
    page.click("text=Confirm this tier")
    page.goto(f"/applications/{application.pk}/")
    expect(page.locator("#tier-confirmed")).to_contain_text("Partner")

    # The Board admits; the admission fixes the confirmed tier.
    today = timezone.localdate()
    decision = board_decision_record(
        actor=staff,
        kind=DecisionKind.ADMISSION,
        reason="Clear.",
        decided_on=today,
        application=application,
    )
    flows.admission(actor=staff, application=application, decision=decision)
    partnership = Partnership.objects.get(application=application)
    assert partnership.tier == "Partner"
    funding.budget_set(actor=staff, year=today.year, lines=[("Secretariat", Decimal("200000"))])
    pledge = funding.pledge_record(
        actor=staff,
        organisation=partnership.organisation,
        total=Decimal("24000"),
        currency="EUR",
        rate_to_base=Decimal("1.08"),
        start=today - timedelta(days=1),
        years=2,
        per_year=1,
    )

    # The secretariat records a receipt; the dashboard's plot changes.
    before = _plot(page)
    page.goto(f"/funding/pledges/{pledge.pk}/")
    page.fill("#id_reference", "SWIFT-2026-0042")
    page.fill("#id_amount", "12000.00")
    page.fill("#id_received_on", today.isoformat())
    page.click("text=Record receipt")
    expect(page.locator("#pledge-received")).to_have_text("EUR 12,000.00")
    after = _plot(page)
    assert before != after
    # CLDR puts a no-break space after the code; outerHTML writes it as &nbsp;
    assert "Received (cash): USD&nbsp;12,960.00" in after
    page.locator("#chart-funding-vs-budget").scroll_into_view_if_needed()
    screenshot(page, "funding-dashboard")
