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


def test_applicant_leaves_midway_corrects_a_mistake_and_uses_a_second_tab(page):  # type: ignore[no-untyped-def]
    """Leaving midway (Save draft and exit, come back, resume), a mistake (a bad value
    gets its error at its field, nothing typed is lost) and a second tab (it resumes the
    same draft; submitting from one tab then the other says so and changes nothing)."""
    from alliance.web.views.apply import ALREADY_SUBMITTED
    from tests.browser.conftest import axe_violations

    user = make_user("joseph@kakuma-legal.example", full_name="Joseph Lokiru")
    sign_in_page(page, user.email)

    # Steps 1 to 3.
    page.goto("/apply/")
    page.fill("#id_legal_name", "Kakuma Legal Clinic")
    page.select_option("#id_type", "ngo")
    page.select_option("#id_registration_country", label="Kenya")
    page.select_option("#id_revenue_band", "under_1m")
    page.select_option("#id_staff_band", "11_50")
    page.select_option("#id_income_group", "lower_middle")
    page.click("button[name=save_and_continue]")
    expect(page).to_have_url(re.compile(r"/people/$"))
    page.fill("#id_people-0-name", "Joseph Lokiru")
    page.select_option("#id_people-0-role", "officer")
    page.select_option("#id_people-0-nationality", label="Kenya")
    page.fill("#id_people-0-birth_date", "1979-04-12")
    page.click("button[name=save_and_continue]")
    expect(page).to_have_url(re.compile(r"/stance/$"))
    page.check("#id_has_no_commercial_interest")
    page.click("button[name=save_and_continue]")

    # Step 4 half done, then Save draft and exit.
    expect(page).to_have_url(re.compile(r"/motivation/$"))
    motivation_url = page.url
    page.fill("#id_humanitarian_motivation", "Legal identity for refugees in Kakuma.")
    page.click("button[name=save_and_exit]")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator(".message").first).to_contain_text("Draft saved")
    screenshot(page, "applicant-01-left-midway")

    # Back later: /apply/ resumes the draft, and what was typed is there.
    page.goto("/apply/")
    expect(page.locator("#id_legal_name")).to_have_value("Kakuma Legal Clinic")
    page.goto(motivation_url)
    expect(page.locator("#id_humanitarian_motivation")).to_have_value(
        "Legal identity for refugees in Kakuma."
    )
    page.goto(re.sub(r"/motivation/$", "/people/", motivation_url))
    expect(page.locator("#id_people-0-birth_date")).to_have_value("1979-04-12")
    page.goto(motivation_url)

    # A mistake: a negative amount. The error is at the field, tied to it for screen
    # readers, and everything else typed is still there.
    page.fill("#id_brings_expertise", "Field registration and legal aid.")
    page.check("#id_aml_cft_certified")
    page.select_option("#id_contribution_kind", "financial")
    page.fill("#id_contribution_amount", "-500")
    page.click("button[name=save_and_continue]")
    expect(page).to_have_url(motivation_url)
    amount = page.locator("#id_contribution_amount")
    expect(amount).to_have_attribute("aria-invalid", "true")
    described = (amount.get_attribute("aria-describedby") or "").split()
    assert "id_contribution_amount_error" in described, described
    expect(page.locator("#id_contribution_amount_error")).to_have_text(
        "The amount cannot be negative."
    )
    expect(page.locator("#id_brings_expertise")).to_have_value("Field registration and legal aid.")
    expect(page.locator("#id_humanitarian_motivation")).to_have_value(
        "Legal identity for refugees in Kakuma."
    )
    expect(page.locator("#id_aml_cft_certified")).to_be_checked()
    assert not axe_violations(page, "motivation step with its error")
    screenshot(page, "applicant-02-mistake-at-its-field")
    page.fill("#id_contribution_amount", "500")
    page.click("button[name=save_and_continue]")
    expect(page).to_have_url(re.compile(r"/principles/$"))
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.click("button[name=save_and_continue]")
    expect(page).to_have_url(re.compile(r"/review/$"))
    review_url = page.url

    # A second tab resumes the same draft rather than starting another.
    second = page.context.new_page()
    second.goto("/apply/")
    expect(second.locator("#id_legal_name")).to_have_value("Kakuma Legal Clinic")
    second.click("button[name=save_and_continue]")
    expect(second).to_have_url(re.compile(r"/people/$"))
    assert Application.objects.filter(organisation__legal_name="Kakuma Legal Clinic").count() == 1
    second.goto(review_url)
    screenshot(second, "applicant-03-second-tab-same-draft")

    # Submit in the first tab, then in the second: a clear message, nothing changed.
    page.click("text=Submit application")
    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(organisation__legal_name="Kakuma Legal Clinic")
    submitted_at, status = application.submitted_at, application.status
    second.click("text=Submit application")
    expect(second).to_have_url(re.compile(rf"/applications/{application.pk}/$"))
    # A warning, named in words as well as styled as one (not colour alone).
    expect(second.locator(".message.warning").first).to_have_text(f"Warning: {ALREADY_SUBMITTED}")
    application.refresh_from_db()
    assert (application.submitted_at, application.status) == (submitted_at, status)
    assert Application.objects.filter(organisation__legal_name="Kakuma Legal Clinic").count() == 1
    screenshot(second, "applicant-04-second-submit-refused")
    second.close()
