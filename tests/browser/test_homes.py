"""Journeys that start on a home (web.home), with screenshots in test-artifacts/ and
axe-core on every home: the partner finds its credential and a notice; the secretariat
finds a new submission and takes it to the Board (case steps, prepare), a reviewer finds
the case to sign off and makes the Board pack, the chair opens the motion, a member finds
it and votes, and the chair closes it. Each page names the next step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from alliance.accounts.roles import Role
from alliance.diligence.selectors import current_admission_case
from alliance.governance import actions as gov
from alliance.governance.models import NoticeKind
from alliance.groups import actions as groups
from alliance.organisations.models import Partnership
from tests.browser.conftest import axe_violations, screenshot, sign_in_page
from tests.factories import admitted_partnership, complete_case, make_user, submitted_application
from tests.governance.conftest import seat

pytestmark = pytest.mark.django_db(transaction=True)


def _with_totp(email: str, role: Role, name: str) -> tuple[object, str]:
    user = make_user(email, role, full_name=name)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.click("text=Sign out")
    expect(page.locator("text=Sign in").first).to_be_visible()


def _home_checked(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The home names a next step, passes axe-core and is saved as a screenshot."""
    page.goto("/dashboard/")
    expect(page.locator(".home-section .next-step").first).to_be_visible()
    assert not axe_violations(page, f"home ({name})")
    screenshot(page, f"home-{name}")


def test_partner_finds_its_credential_and_a_notice(page):  # type: ignore[no-untyped-def]
    sam = make_user("sam@secretariat.example", Role.SECRETARIAT, full_name="Sam Secretariat")
    carla = make_user("carla@board.example", Role.BOARD_CHAIR, full_name="Carla Chair")
    ada = make_user("ada@admin.example", Role.ADMINISTRATOR)
    today = timezone.localdate()
    gov.rules_seed_first(
        actor=ada, rules={"quorum_minimum": 1}, adopted_on=today, seats=[seat(carla, chair=True)]
    )
    grace = make_user("grace@amani-aid.example", full_name="Grace Achieng")
    partnership = admitted_partnership(grace, sam, legal_name="Amani Aid")
    gov.notice_send(
        actor=carla,
        partnership=partnership,
        kind=NoticeKind.SUSPENSION,
        reasons="The annual report is six months late.",
        today=today,
    )
    # Grace also chairs a working group: her home has a section for each role.
    group = groups.group_create(
        actor=sam, name="Inclusion", kind="working_group", charter="Inclusion.", today=today
    )
    groups.chair_appoint(
        actor=sam, group=group, user=grace, organisation=partnership.organisation, today=today
    )
    groups.recommendation_draft(
        actor=grace, group=group, title="Offline first", text="Work offline.", today=today
    )

    sign_in_page(page, grace.email)
    partner = page.locator("#home-partner")
    expect(partner.locator("#home-notices")).to_contain_text("Next: respond by")
    expect(partner).to_contain_text("Partnership credential of Amani Aid")
    expect(partner.get_by_role("link", name="Download the credential (JSON)")).to_be_visible()
    expect(partner.locator("img[alt^='QR code']")).to_be_visible()
    expect(page.locator("#home-group-chair")).to_contain_text("Offline first")
    _home_checked(page, "partner-and-group-chair")
    with page.expect_download() as download:
        partner.get_by_role("link", name="Download the credential (JSON)").click()
    assert download.value.suggested_filename.endswith(".json")
    partner.locator("#home-notices a").first.click()
    expect(page.locator(".partner-notice-banner").first).to_contain_text(
        "The annual report is six months late."
    )
    screenshot(page, "home-partner-02-notice")


def test_secretariat_takes_a_new_submission_to_the_board_and_the_board_decides(  # type: ignore[no-untyped-def]
    page, browser, live_server
):
    today = timezone.localdate()
    sam, sam_secret = _with_totp("sam@secretariat.example", Role.SECRETARIAT, "Sam Secretariat")
    rita, rita_secret = _with_totp("rita@review.example", Role.REVIEWER, "Rita Reviewer")
    carla, carla_secret = _with_totp("carla@board.example", Role.BOARD_CHAIR, "Carla Chair")
    ben, ben_secret = _with_totp("ben@board.example", Role.BOARD_MEMBER, "Ben Board")
    ada = make_user("ada@admin.example", Role.ADMINISTRATOR)
    gov.rules_seed_first(
        actor=ada,
        rules={"quorum_minimum": 2},
        adopted_on=today,
        seats=[seat(carla, chair=True), seat(ben)],
    )
    application = submitted_application(make_user("grace@amani-aid.example"), "Amani Aid")
    case = current_admission_case(application)
    assert case is not None
    complete_case(case, sam)  # the method's steps, recorded as test_diligence.py does by hand

    # The secretariat finds the new submission on its home, then its case.
    sign_in_page(page, sam.email, sam_secret)
    expect(page.locator("#home-new-submissions")).to_contain_text("Amani Aid")
    _home_checked(page, "secretariat")
    page.locator("#home-new-submissions a", has_text="Amani Aid").click()
    expect(page.locator(".next-step").first).to_be_visible()
    screenshot(page, "home-secretariat-02-organisation")
    page.goto("/dashboard/")
    page.locator("#home-cases-by-step a", has_text="Amani Aid").click()
    expect(page.locator("#next-step")).to_contain_text("prepares the case")
    page.click("#prepare")
    expect(page.locator("#case-status")).to_have_text("Awaiting sign-off")
    expect(page.locator("#next-step")).to_contain_text("signs the case off")
    screenshot(page, "home-secretariat-03-prepared")
    _sign_out(page)

    # The reviewer finds the case to sign off on its home, signs it off, makes the pack.
    sign_in_page(page, rita.email, rita_secret)
    expect(page.locator("#home-sign-off")).to_contain_text("Amani Aid")
    _home_checked(page, "reviewer")
    page.locator("#home-sign-off a", has_text="Amani Aid").click()
    page.fill("#id_note", "Agree with the preparer.")
    page.click("#sign-off")
    expect(page.locator("#case-status")).to_have_text("Signed off")
    expect(page.locator("#next-step")).to_contain_text("Board pack")
    page.click("#make-board-pack")
    expect(page.locator("#next-step")).to_contain_text("Board chair opens")
    screenshot(page, "home-reviewer-02-board-pack")
    _sign_out(page)

    # The chair finds the application ready for a motion and opens it.
    sign_in_page(page, carla.email, carla_secret)
    expect(page.locator("#home-ready-for-motion")).to_contain_text("Amani Aid")
    page.goto("/board/")
    page.click("text=open an admission motion")
    page.select_option("#id_tier", "Partner")
    page.fill("#id_deadline", (today + timedelta(days=14)).isoformat())
    page.click("text=Open the motion")
    expect(page.locator("text=The motion is open")).to_be_visible()
    expect(page.locator("#motion-next-step")).to_contain_text("Cast your vote")
    motion_url = page.url
    page.click("text=Vote for")
    expect(page.locator(".gov-my-vote")).to_have_text("For")
    _home_checked(page, "chair")
    expect(page.locator("#home-to-close")).to_contain_text("Admit Amani Aid")
    expect(page.locator("#home-board")).not_to_contain_text("Applications ready for a motion")

    # A member finds the motion on the home and votes.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    other = context.new_page()
    sign_in_page(other, ben.email, ben_secret)
    expect(other.locator("#home-to-vote")).to_contain_text("Admit Amani Aid")
    _home_checked(other, "member")
    other.locator("#home-to-vote a", has_text="Admit Amani Aid").click()
    expect(other.locator("#motion-next-step")).to_contain_text("Cast your vote")
    other.click("text=Vote for")
    expect(other.locator(".gov-my-vote")).to_have_text("For")
    other.goto("/dashboard/")
    expect(other.locator("#home-board")).to_contain_text("No motion waits for your vote.")
    screenshot(other, "home-member-02-voted")
    context.close()

    # The chair closes the motion from the home: the application is admitted.
    page.goto("/dashboard/")
    page.locator("#home-to-close a", has_text="Admit Amani Aid").click()
    assert page.url == motion_url
    expect(page.locator("#motion-next-step")).to_contain_text("end the voting")
    page.get_by_role("button", name="Close voting and record the result").click()
    expect(page.locator(".message.success")).to_have_text("Voting closed: the motion passed.")
    expect(page.locator("#motion-next-step")).to_contain_text("Nothing: the motion is closed.")
    screenshot(page, "home-chair-02-closed")
    assert Partnership.objects.get(application=application).status == "active"
