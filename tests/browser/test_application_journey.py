"""The applicant's journey, end to end in a real browser: register, verify email, apply
over several steps (one invalid field corrected), submit; the secretariat signs in with
TOTP and opens due diligence; the applicant sees the new status."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from playwright.sync_api import expect

from alliance.organisations.models import Application
from tests.browser.conftest import screenshot, sign_in_page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

APPLICANT = "grace@amani-aid.example"


def test_applicant_journey_to_due_diligence(browser, live_server, page):
    from alliance.accounts.roles import Role

    secretariat = make_user("nadia@secretariat.example", Role.SECRETARIAT)
    secret = generate_totp_secret()
    TOTP.activate(secretariat, secret)

    # Register and verify the email address from Django's outbox.
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", APPLICANT)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=privacy_notice]")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0).replace("https://", "http://"))
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard/"))

    # Step 1, with an invalid country first.
    page.goto("/apply/")
    page.fill("#id_legal_name", "Amani Aid")
    page.select_option("#id_type", "ngo")
    page.select_option("#id_revenue_band", "1m_10m")
    page.select_option("#id_staff_band", "11_50")
    page.select_option("#id_income_group", "lower_middle")
    page.click("button[name=save_and_continue]")
    error = page.locator(".has-error .error")
    assert "required" in error.inner_text()
    screenshot(page, "journey-01-field-error")
    page.select_option("#id_registration_country", label="Kenya")
    page.click("button[name=save_and_continue]")

    # Step 2: one officer.
    expect(page).to_have_url(re.compile(r"/people/$"))
    page.fill("#id_people-0-name", "Grace Achieng")
    page.select_option("#id_people-0-role", "officer")
    page.select_option("#id_people-0-nationality", label="Kenya")
    page.click("button[name=save_and_continue]")

    # Step 3: commercial stance.
    expect(page).to_have_url(re.compile(r"/stance/$"))
    page.check("#id_has_no_commercial_interest")
    page.click("button[name=save_and_continue]")

    # Step 4: motivation and contribution.
    expect(page).to_have_url(re.compile(r"/motivation/$"))
    page.fill("#id_humanitarian_motivation", "Legal identity for refugees in Kakuma.")
    page.fill("#id_brings_expertise", "Field registration and legal aid.")
    page.check("#id_aml_cft_certified")
    page.select_option("#id_contribution_kind", "in_kind")
    page.click("button[name=save_and_continue]")

    # Step 5: principles and consent.
    expect(page).to_have_url(re.compile(r"/principles/$"))
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.click("button[name=save_and_continue]")

    # Step 6: review and submit.
    expect(page).to_have_url(re.compile(r"/review/$"))
    screenshot(page, "journey-02-review")
    page.click("text=Submit application")
    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    # Submission opens the due-diligence case, and the status follows the case.
    assert page.locator("#application-status").inner_text() == "In due diligence"
    application = Application.objects.get(organisation__legal_name="Amani Aid")
    assert application.status == "in_due_diligence"
    page.click("text=Sign out")

    # The secretariat signs in with a TOTP code and finds the case already open, with
    # its next step named (no button to guess: the status follows the case).
    sign_in_page(page, "nadia@secretariat.example", secret)
    page.goto("/secretariat/intake/")
    page.click("text=Amani Aid")
    expect(page.locator("body")).not_to_contain_text("Start due diligence")
    expect(page.locator("body")).to_contain_text("In due diligence")
    screenshot(page, "journey-03-secretariat")
    page.click("text=Sign out")

    # The applicant sees the new status.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", APPLICANT)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    assert "In due diligence" in page.locator("table").inner_text()
    page.goto(f"/applications/{application.pk}/")
    assert page.locator("#application-status").inner_text() == "In due diligence"
    screenshot(page, "journey-04-applicant-status")
