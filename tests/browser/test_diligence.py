"""A due-diligence case in a real browser, from submission to sign-off and Board pack:
the secretariat prepares it (a screening hit marked false positive on the way), a
reviewer — a different person — signs it off, and the Board pack PDF is produced and
its first page saved as a PNG in test-artifacts/."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from alliance.datadir import FALLBACK_DATA_DIR
from alliance.diligence.models import BoardPack, Case, CaseStatus
from alliance.diligence.policies import default_policy_version, engine_policy
from alliance.governance import flows
from alliance.organisations import actions as org_actions
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in_page
from tests.factories import complete_draft, make_user

pytestmark = pytest.mark.django_db(transaction=True)

LISTED_OFFICER = {
    "name": "Amir Ali Chaudhry",
    "role": "officer",
    "position": "Treasurer",
    "nationality": "PK",
    "birth_date": date(1986, 8, 3),
}


def submit_form(page: Any, action: str, fields: dict[str, str], *, select: tuple = ()) -> None:
    """Open the <details> holding the form for ``action``, fill it in and submit it (the
    form's address ends in its section's anchor, so it is matched as containing the path)."""
    form = page.locator(f"form[action*='/do/{action}/']")
    details = page.locator(f"details:has(form[action*='/do/{action}/'])")
    if details.count() and details.first.get_attribute("open") is None:
        details.first.locator("> summary").click()
    for name, value in select:
        form.locator(f"select[name='{name}']").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator(".messages")).to_be_visible()


def test_case_from_submission_to_sign_off_and_board_pack(page, live_server, settings, tmp_path):
    from alliance.accounts.roles import Role

    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_default_timeout(30_000)  # a shared two-core machine can be slow
    sam = make_user("sam@secretariat.example", Role.SECRETARIAT, full_name="Sam Secretariat")
    rita = make_user("rita@review.example", Role.REVIEWER, full_name="Rita Reviewer")
    sam_secret, rita_secret = generate_totp_secret(), generate_totp_secret()
    TOTP.activate(sam, sam_secret)
    TOTP.activate(rita, rita_secret)

    # A sanctions list is loaded; the application names an officer close to a listed person.
    from alliance.screening.actions import list_version_load
    from alliance.screening.engine import clear_cache

    clear_cache()
    list_version_load(
        actor=sam,
        path_or_upload=FALLBACK_DATA_DIR / "lists" / "un" / "un_consolidated_fallback.xml",
    )
    applicant = make_user("grace@amani.example", full_name="Grace Achieng")
    application = complete_draft(applicant, "Amani Identity Ltd", type="company")
    org_actions.application_update(
        actor=applicant, application=application, people=[LISTED_OFFICER]
    )
    flows.application_submit(actor=applicant, application=application)
    case = Case.objects.get(application=application)  # opened by the submission itself
    org_id = application.organisation_id

    # --- The secretariat prepares the case. ---
    sign_in_page(page, sam.email, sam_secret)
    page.click("nav >> summary:has-text('Secretariat')")  # the header groups links by role
    page.click("nav >> text=Due diligence")
    page.click("text=Amani Identity Ltd")
    expect(page).to_have_url(re.compile(rf"/diligence/cases/{case.pk}/"))
    assert "Certified by the applicant" in page.locator("#aml-cft").inner_text()
    submit_form(
        page,
        "note-background",
        {
            "note-background-text": "Registry extract matches the disclosure.",
            "note-background-evidence": "Kenya companies registry, CPR/2019/1234",
        },
    )
    for criterion in engine_policy(default_policy_version()).criteria:
        submit_form(
            page,
            f"finding-{criterion.code}",
            {f"{criterion.code}-evidence": "Annual report 2025 and media search."},
            select=((f"{criterion.code}-finding", "none"),),
        )
    assert "screening hit(s) not yet decided: +2" in page.locator("#reasoning").inner_text()

    # The screening hit is explained and marked a false positive on the organisation page.
    page.goto(f"/organisations/{org_id}/")
    hit = page.locator(".screening-hit").first
    expect(hit).to_contain_text("Amir Ali Chaudhry")
    hit.locator("textarea").fill("Different person: the listed man was born in 1966.")
    hit.locator("button[value=false_positive]").click()
    expect(page.locator(".screening-hit").first).to_contain_text("False positive")
    page.wait_for_load_state("networkidle")  # let htmx settle before leaving the page
    screenshot(page, "diligence-01-screening-false-positive")

    page.goto(f"/diligence/cases/{case.pk}/")
    expect(page.locator("#screening-results")).to_contain_text("false positive")
    submit_form(page, "note-screening", {"note-screening-text": "One hit, a false positive."})
    assert "No undecided screening hits: +0." in page.locator("#reasoning").inner_text()
    submit_form(
        page,
        "controversy",
        {
            "title": "Complaint about data retention",
            "source_url": "https://news.example.org/a",
            "source_title": "Daily Nation",
            "summary": "Consumer group complaint.",
        },
        select=(("severity", "serious"), ("status", "alleged")),
    )
    submit_form(page, "note-controversies", {"note-controversies-text": "BHRRC searched."})
    for code in ("ungc-1", "ungc-2", "ungc-10"):
        submit_form(page, f"esg-{code}", {f"{code}-evidence": "Human-rights policy, 2025"})
    submit_form(page, "note-esg", {"note-esg-text": "UN Global Compact participant since 2021."})
    reasoning = page.locator("#reasoning").inner_text()
    assert "Controversy, serious, alleged" in reasoning and "ESG commitment weak" in reasoning
    expect(page.locator("#risk-level")).to_have_text("Moderate")  # 2 + 1 = 3 points
    submit_form(
        page,
        "recommend",
        {
            "reasoning": "Acceptable with a data-retention audit.",
            "mitigations": "Independent data-retention audit within six months.",
        },
        select=(("recommendation", "engage_with_mitigation"),),
    )
    submit_form(page, "monitoring", {"plan": "Re-screen on list updates; media scan yearly."})
    page.click("#prepare")
    expect(page.locator("#case-status")).to_have_text("Awaiting sign-off")
    assert page.locator("#sign-off").count() == 0  # the preparer gets no sign-off button
    screenshot(page, "diligence-02-prepared")
    page.click("text=Sign out")

    # --- A reviewer, a different person, signs it off and makes the Board pack. ---
    sign_in_page(page, rita.email, rita_secret)
    expect(page.locator("#home-sign-off")).to_contain_text("Amani Identity Ltd")
    page.goto(f"/diligence/cases/{case.pk}/")
    page.fill("#id_note", "Agree with the preparer.")
    page.click("#sign-off")
    expect(page.locator("#case-status")).to_have_text("Signed off")
    assert page.locator("#prepare").count() == 0
    page.click("#make-board-pack")
    page.click("#board-pack-page")
    expect(page.locator("h1")).to_have_text("Amani Identity Ltd")
    expect(page.locator(".board-pack")).to_contain_text("Engage with mitigation")
    expect(page.locator(".board-pack")).to_contain_text("false positive")
    screenshot(page, "diligence-03-board-pack")

    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNED_OFF
    assert (case.prepared_by, case.signed_off_by) == (sam, rita)
    response = page.request.get(f"/diligence/cases/{case.pk}/board-pack.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf == BoardPack.objects.get(case=case).pdf.read()
    png = pdf_page_png(pdf, ARTIFACTS / "diligence-board-pack-page1.png")
    assert png.stat().st_size > 10_000


def pdf_page_png(pdf: bytes, path: Any) -> Any:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    assert len(document) >= 1
    image = document[0].render(scale=1.5).to_pil()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    document.close()
    return path
