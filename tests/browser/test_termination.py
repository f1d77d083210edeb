"""Due process through the real pages: the secretariat sends a partner a notice with its
reasons, the chair opens the suspension motion from it, the Board votes and the chair
closes it; the partner's contact then signs in, sees the banner with the notice, its
reasons and the response deadline on every page of its dashboard, and responds with an
attachment. Then the Board terminates the partnership on a termination notice answered
the same way, and the partner sees the terminated partnership in the banner."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from alliance.accounts.roles import Role
from alliance.governance.actions import rules_seed_first
from alliance.governance.models import DueProcessNotice, Motion, NoticeAttachment
from alliance.organisations.choices import PartnershipStatus
from tests.browser.conftest import screenshot, sign_in_page
from tests.browser.test_board_admission import _board_user, _member_page, _sign_out
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SUSPENSION_REASONS = "The 2026 annual report is six months late and two reminders went unanswered."
TERMINATION_REASONS = "Beneficiary data was shared with an advertiser, against principle 4."


class _Browsers:
    """A browser of its own for each staff member, signed in once for the whole test: a
    second sign-in inside one 30-second window would need the TOTP code allauth has
    already accepted (it refuses a code used twice), so it would wait for the next."""

    def __init__(self, browser, live_server) -> None:  # type: ignore[no-untyped-def]
        self.browser, self.live_server, self.pages = browser, live_server, {}

    def of(self, user, secret: str):  # type: ignore[no-untyped-def]
        if user.pk not in self.pages:
            _context, page = _member_page(self.browser, self.live_server)
            sign_in_page(page, user.email, secret)
            self.pages[user.pk] = page
        return self.pages[user.pk]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def _send_notice(page, organisation_id: int, kind: str, reasons: str) -> str:  # type: ignore[no-untyped-def]
    """From the partner's organisation page, as the secretariat: the notice's URL."""
    page.goto(f"/organisations/{organisation_id}/")
    page.click("text=Send a due-process notice")
    page.select_option("#id_kind", kind)
    page.fill("#id_reasons", reasons)
    page.click("text=Send the notice")
    expect(page.locator(".message.success")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/board/notices/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Amani Aid")
    return page.url


def _board_decides(page, browsers: _Browsers, notice_url: str, members, title: str) -> None:  # type: ignore[no-untyped-def]
    """The chair opens the motion from the notice, every member votes for in their own
    browser, and the chair closes voting once the page offers it."""
    page.goto(notice_url)
    page.click("text=Open the Board motion")
    page.fill("#id_title", title)
    page.fill("#id_text", "The Board has read the notice and the partner's response.")
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.click("text=Open the motion")
    expect(page.locator("text=The motion is open")).to_be_visible()
    motion_url = page.url
    # Nobody has voted: the page says why voting cannot be closed yet, and offers no button.
    expect(page.locator("#close-refused")).to_be_visible()
    expect(page.locator("text=Close voting and record the result")).to_have_count(0)
    for user, secret in members:
        other = browsers.of(user, secret)
        other.goto(motion_url)
        other.click("text=Vote for")
        expect(other.locator(".gov-my-vote")).to_have_text("For")
    page.goto(motion_url)
    page.click("text=Vote for")
    expect(page.locator(".gov-my-vote")).to_have_text("For")
    page.click("text=Close voting and record the result")
    expect(page.locator(".message.success")).to_have_text("Voting closed: the motion passed.")


def _dashboard_pages(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The partner's dashboard and every page it links to inside the site (downloads,
    public verification and sign-out aside)."""
    page.goto("/dashboard/")
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
    paths = ["/dashboard/"]
    for href in hrefs:
        parsed = urlparse(href)
        path = parsed.path
        if parsed.netloc != urlparse(page.url).netloc or not path.startswith("/"):
            continue
        if re.search(r"download|\.(json|jwt|pdf|png|csv)$|/logout|/accounts/|/media/", path):
            continue
        if path not in paths:
            paths.append(path)
    return paths


def _banner_everywhere(page, kind_words: str, reasons: str, due: str, status: str) -> list[str]:  # type: ignore[no-untyped-def]
    pages = _dashboard_pages(page)
    for path in pages:
        page.goto(path)
        banner = page.locator(".partner-notice-banner").filter(has_text=kind_words)
        expect(banner, f"no banner on {path}").to_be_visible()
        expect(banner).to_contain_text(reasons)
        expect(banner).to_contain_text(status)
        if due:
            expect(banner).to_contain_text(f"Respond by {due}")
    return pages


def _respond(page, reasons: str, attachment: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/dashboard/")
    banner = page.locator(".partner-notice-banner").filter(has_text=reasons)
    banner.get_by_role("link", name="Read the notice and respond").click()
    page.fill("#id_response", text)
    page.set_input_files("#id_attachments", str(attachment))
    page.click("text=Send the response to the Board")
    expect(page.locator("dd", has_text=text)).to_be_visible()
    expect(page.get_by_role("link", name=attachment.name)).to_be_visible()


def test_board_suspends_then_terminates_and_the_partner_sees_and_answers(  # type: ignore[no-untyped-def]
    page, browser, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path  # the credential issuer's key stays out of ./var
    grace = make_user("grace@amani-aid.example", full_name="Grace Achieng")
    nadia, nadia_secret = _board_user("nadia@secretariat.example", "Nadia Staff", Role.SECRETARIAT)
    chair, chair_secret = _board_user("carla@board.example", "Carla Chair", Role.BOARD_CHAIR)
    ben, ben_secret = _board_user("ben@board.example", "Ben Board", Role.BOARD_MEMBER)
    mia, mia_secret = _board_user("mia@board.example", "Mia Member", Role.BOARD_MEMBER)
    members = [(ben, ben_secret), (mia, mia_secret)]
    term = {"term_starts": "2025-01-01", "term_ends": "2027-12-31"}
    rules_seed_first(
        actor=make_user("ada@admin.example", Role.ADMINISTRATOR),
        rules={"quorum_minimum": 2},
        adopted_on=date(2025, 1, 1),  # in force when the factory's admission motion passes
        seats=[
            {"member": chair.pk, "chair": True, **term},
            {"member": ben.pk, **term},  # type: ignore[attr-defined]
            {"member": mia.pk, **term},  # type: ignore[attr-defined]
        ],
    )
    # Admitted by this Board (the factory's admission motion, every member for).
    partnership = admitted_partnership(grace, nadia, "Amani Aid")
    pdf = tmp_path / "annual-report-2026.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    browsers = _Browsers(browser, live_server)
    try:
        _journey(page, browsers, grace, (nadia, nadia_secret), (chair, chair_secret), members,
                 partnership, pdf)  # fmt: skip
    finally:
        browsers.close()


def _journey(page, browsers, grace, staff, chair, members, partnership, pdf) -> None:  # type: ignore[no-untyped-def]
    organisation_id = partnership.organisation_id
    secretariat = browsers.of(*staff)
    board = browsers.of(*chair)

    # 1. The secretariat sends the notice of intended suspension, with its reasons.
    suspension_url = _send_notice(secretariat, organisation_id, "suspension", SUSPENSION_REASONS)
    screenshot(secretariat, "termination-01-suspension-notice")

    # 2. The chair opens the suspension motion from the notice; the Board votes; closed.
    _board_decides(board, browsers, suspension_url, members, "Suspend Amani Aid")
    screenshot(board, "termination-02-suspension-passed")
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.SUSPENDED

    # 3. The partner signs in: the banner, with the reasons and the response deadline, is
    # on every page of its dashboard; it responds with the report attached.
    notice = DueProcessNotice.objects.get(kind="suspension")
    due = date_format(notice.response_due, "j F Y")
    sign_in_page(page, grace.email)
    pages = _banner_everywhere(page, "suspension", SUSPENSION_REASONS, due, "Suspended")
    assert f"/organisations/{organisation_id}/" in pages and len(pages) >= 3, pages
    page.goto("/dashboard/")
    screenshot(page, "termination-03-partner-banner-suspended")
    _respond(page, SUSPENSION_REASONS, pdf, "The report is attached; it was late, not missing.")
    screenshot(page, "termination-04-partner-responded")
    assert NoticeAttachment.objects.get(notice=notice).name == pdf.name
    page.goto("/dashboard/")
    expect(
        page.locator(".partner-notice-banner").filter(has_text=SUSPENSION_REASONS)
    ).to_contain_text("You responded on")
    _sign_out(page)

    # 4. A notice of intended termination; the partner answers it (with a file), which
    # lets the Board decide before the response period ends.
    termination_url = _send_notice(secretariat, organisation_id, "termination", TERMINATION_REASONS)
    sign_in_page(page, grace.email)
    termination = DueProcessNotice.objects.get(kind="termination")
    _banner_everywhere(
        page, "termination", TERMINATION_REASONS, date_format(termination.response_due, "j F Y"),
        "Suspended",
    )  # fmt: skip
    _respond(page, TERMINATION_REASONS, pdf, "We dispute this: no data was shared.")
    _sign_out(page)

    # 5. The Board terminates; the partner sees it on every page of its dashboard.
    _board_decides(board, browsers, termination_url, members, "Terminate Amani Aid")
    screenshot(board, "termination-05-termination-passed")
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.TERMINATED
    # The admission, the suspension and the termination.
    assert Motion.objects.filter(outcome="passed").count() == 3
    sign_in_page(page, grace.email)
    _banner_everywhere(page, "termination", TERMINATION_REASONS, "", "Terminated")
    page.goto("/dashboard/")
    expect(page.locator("main")).to_contain_text("Your partnership is terminated")
    screenshot(page, "termination-06-partner-banner-terminated")
