"""Privacy in a real browser: the notice at sign-up and again after a change; a person
downloads their data and asks for erasure; the secretariat decides."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from playwright.sync_api import expect

from alliance.accounts.roles import Role
from alliance.privacy import actions
from alliance.privacy.models import Erasure, NoticeAcceptance
from tests.browser.conftest import screenshot, sign_in_page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_notice_accepted_at_signup_and_again_after_a_change(page):
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "iris@people.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=privacy_notice]")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    assert NoticeAcceptance.objects.filter(user__email="iris@people.example").count() == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link
    page.goto(link.group(0).replace("https://", "http://"))
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    staff = make_user("sid@secretariat.example", Role.SECRETARIAT)
    actions.retention_schedule_adopt(actor=staff, rules={"exports": {"days": 5}}, note="Shorter.")
    page.goto("/dashboard/")
    expect(page.locator(".notice-prompt")).to_contain_text("The privacy notice changed")
    screenshot(page, "privacy-01-prompt")
    page.click("button[name=accept_notice]")
    expect(page.locator(".notice-prompt")).to_have_count(0)
    assert NoticeAcceptance.objects.filter(user__email="iris@people.example").count() == 2


def test_a_person_exports_and_asks_for_erasure_and_the_secretariat_decides(page, browser):
    person = make_user("omar@people.example", None, full_name="Omar Okafor")
    actions.notice_accept(actor=person)
    sign_in_page(page, person.email)
    page.goto("/privacy/my-data/")
    page.click("button[name=export]")
    expect(page.locator(".export-download")).to_be_visible()
    with page.expect_download() as download:
        page.click(".export-download")
    assert download.value.suggested_filename.endswith(".zip")
    page.select_option("select[name=kind]", "erasure")
    page.click("button[name=request]")
    expect(page.locator(".request-row")).to_contain_text("Erasure")
    screenshot(page, "privacy-02-my-data")

    staff = make_user("nadia@secretariat.example", Role.SECRETARIAT)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    context = browser.new_context(base_url=page.url.split("/privacy")[0])
    staff_page = context.new_page()
    sign_in_page(staff_page, staff.email, secret)
    staff_page.goto("/privacy/requests/")
    staff_page.click(".queue-row a")
    staff_page.select_option("select[name=status]", "granted")
    staff_page.fill("textarea[name=outcome]", "Your data is erased.")
    expect(staff_page.locator(".erasure-preview")).to_contain_text("Officers")
    staff_page.click("button[name=decide]")
    # Granting an erasure asks for confirmation first: nothing erased yet.
    expect(staff_page.locator(".errorlist")).to_contain_text("cannot be undone")
    assert not Erasure.objects.filter(person=person).exists()
    staff_page.check("input[name=confirm_erasure]")
    staff_page.click("button[name=decide]")
    expect(staff_page).to_have_url(re.compile(r"/privacy/requests/$"))
    screenshot(staff_page, "privacy-03-queue")
    context.close()
    assert Erasure.objects.filter(person=person).exists()
