"""The chair opens an admission motion with its Board pack, members vote (one recused),
the motion passes, the partnership becomes active, and the public register shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.roles import Role
from alliance.governance.actions import rules_seed_first
from alliance.organisations.models import Partnership
from tests.browser.conftest import screenshot, sign_in_page
from tests.factories import make_user, ready_application

pytestmark = pytest.mark.django_db(transaction=True)


def _board_user(email: str, name: str, role: Role) -> tuple[object, str]:
    user = make_user(email, role, full_name=name)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("text=Sign out")
    expect(page.locator("text=Sign in").first).to_be_visible()


def _member_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A separate browser for each member, so the chair stays signed in."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    return context, context.new_page()


def test_chair_opens_admission_members_vote_partnership_becomes_active(  # type: ignore[no-untyped-def]
    page, browser, live_server
):
    applicant = make_user("grace@amani-aid.example", full_name="Grace Achieng")
    staff = make_user("nadia@secretariat.example", Role.SECRETARIAT)
    application = ready_application(applicant, staff)
    chair, chair_secret = _board_user("carla@board.example", "Carla Chair", Role.BOARD_CHAIR)
    ben, ben_secret = _board_user("ben@board.example", "Ben Board", Role.BOARD_MEMBER)
    mia, mia_secret = _board_user("mia@board.example", "Mia Member", Role.BOARD_MEMBER)
    leo, leo_secret = _board_user("leo@board.example", "Leo Member", Role.BOARD_MEMBER)
    admin = make_user("ada@admin.example", Role.ADMINISTRATOR)
    term = {"term_starts": "2025-01-01", "term_ends": "2027-12-31"}
    rules_seed_first(
        actor=admin,
        rules={"quorum_minimum": 2},
        adopted_on=timezone.localdate(),
        seats=[
            {"member": chair.pk, "chair": True, **term},
            # Ben comes from the applicant: the system will flag him.
            {"member": ben.pk, "organisation": application.organisation_id, **term},
            {"member": mia.pk, **term},
            {"member": leo.pk, **term},
        ],
    )

    # The chair opens the admission motion from the Board page.
    sign_in_page(page, chair.email, chair_secret)
    page.goto("/board/")
    page.click("text=open an admission motion")
    expect(page.locator("#id_title")).to_have_value("Admit Amani Aid as a partner")
    page.select_option("#id_tier", "Partner")
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.click("text=Open the motion")
    expect(page.locator("text=The motion is open")).to_be_visible()
    expect(page.locator("a", has_text="Board pack")).to_be_visible()
    motion_url = page.url
    screenshot(page, "board-01-motion-opened")

    # Ben is flagged as conflicted and recuses.
    context, other = _member_page(browser, live_server)
    sign_in_page(other, ben.email, ben_secret)
    other.goto(motion_url)
    expect(other.locator(".gov-alert li").first).to_contain_text("the subject of this motion")
    other.click("text=I recuse myself")
    expect(other.locator("text=You are recused")).to_be_visible()
    context.close()

    # The members vote through htmx, each in their own browser, then the chair.
    for user, secret, choice in ((mia, mia_secret, "Vote for"), (leo, leo_secret, "Vote against")):
        context, other = _member_page(browser, live_server)
        sign_in_page(other, user.email, secret)
        other.goto(motion_url)
        other.click(f"text={choice}")
        expect(other.locator(".gov-my-vote")).to_have_text(choice.split()[-1].capitalize())
        context.close()
    page.goto(motion_url)
    page.click("text=Vote for")
    expect(page.locator(".gov-my-vote")).to_have_text("For")

    # The chair closes the vote: 2 for, 1 against, Ben recused; the motion passes.
    expect(page.locator(".gov-count")).to_contain_text("3 seat(s)")
    page.click("text=Close voting and record the result")
    expect(page.locator(".message.success")).to_have_text("Voting closed: the motion passed.")
    screenshot(page, "board-02-motion-passed")
    partnership = Partnership.objects.get(application=application)
    assert partnership.status == "active" and partnership.tier == "Partner"
    page.goto("/governance/decisions/")
    expect(page.locator("tbody tr").first).to_contain_text("Ben Board")

    # The public register shows the new partner.
    _sign_out(page)
    page.goto("/register/partners/")
    expect(page.get_by_role("rowheader", name="Amani Aid")).to_be_visible()
    screenshot(page, "board-03-register")
