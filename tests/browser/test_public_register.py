"""The public register as a visitor reads it, in a real browser: the overview, then each
section on its own page, filtered and paged; an item followed to its log entry, whose
proof verifies; the funding chart beside its table; the open data and its dictionary.
axe-core checks every register page on the way (zero serious or critical violations).
Screenshots are kept under the browser artifacts."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SECTORS = ("ngo", "company", "foundation")


@pytest.fixture
def log_keys(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from alliance.transparency import keys

    monkeypatch.delenv(keys.ENV_SIGNER_KEY, raising=False)
    settings.VAR_DIR = tmp_path
    keys._cache.clear()


def _publish(kind: str, subject: str, /, **fact: object) -> None:
    from alliance.transparency.services import publish_fact

    with transaction.atomic():
        publish_fact(kind=kind, subject=subject, fact=fact)


def _seed() -> None:
    for n in range(30):
        org = str(uuid.uuid4())
        _publish(
            "partner.admitted",
            f"organisation:{org}",
            organisation=f"Partner {n:02d}",
            organisation_id=org,
            type=SECTORS[n % 3],
            country=("KE", "FJ", "US")[n % 3],
            tier=("Supporter", "Partner")[n % 2],
            founding_partner=n == 0,
            since="2026-01-15",
            status="active",
            commercial_stance="Declares no commercial interest in digital identity.",
        )
    for n in range(1, 5):
        _publish(
            "board.motion",
            f"motion:{n}",
            motion=n,
            title=f"Admit Partner {n:02d}",
            kind="admission",
            outcome="passed" if n != 3 else "failed",
            outcome_words="Passed" if n != 3 else "Failed",
            failed_because="" if n != 3 else "no quorum",
            closed_on=f"202{5 + n % 2}-03-01",
            votes_for=5,
            votes_against=1,
            abstentions=1,
        )
    _publish(
        "governance.rules",
        "rules:1",
        adopted_on="2025-01-01",
        rules={"board_size": 7, "quorum_fraction": "1/2", "quorum_minimum": 4, "term_years": 3},
        seats=[],
    )
    for n, due in ((1, "2026-01-01"), (2, "2099-01-01")):
        _publish(
            "group.recommendation",
            f"recommendation:{n}",
            recommendation=n,
            group="Data Protection and Privacy Working Group",
            title=f"Recommendation {n}",
            text="Collect only what registration needs.",
            adopted_on="2025-11-01",
            answer_due=due,
        )
    _publish(
        "board.recommendation_answer",
        "recommendation:1",
        recommendation=1,
        answer="accepted_with_changes",
        answered_on="2026-02-01",
        reasons="The retention period is left to each programme.",
        late=True,
    )
    _publish(
        "funding.totals",
        "alliance:funding",
        currency="USD",
        by_year={
            "2026": {
                "budget": "2500000.00",
                "pledged": "1836666.44",
                "received": "1323750.14",
                "in_kind": "160000.00",
                "gap": "663333.56",
            },
            "2027": {
                "budget": "2800000.00",
                "pledged": "1836666.44",
                "received": "0.00",
                "in_kind": "0.00",
                "gap": "963333.56",
            },
        },
        by_tier={"Partner": {"pledged": "89998.88", "received": "9999.82", "in_kind": "0.00"}},
        by_type={"NGO": {"pledged": "0.00", "received": "0.00", "in_kind": "40000.00"}},
    )


def _no_axe_violations(page, found: list[str]) -> None:  # type: ignore[no-untyped-def]
    found += axe_violations(page)


def test_a_visitor_reads_the_register_section_by_section(log_keys, page):
    _seed()
    found: list[str] = []
    sections = page.get_by_role("navigation", name="Register sections")

    page.goto("/register/")
    expect(page.get_by_role("heading", name="Public register", level=1)).to_be_visible()
    expect(page.locator("#home-partners").locator("xpath=..")).to_contain_text("30 active partners")
    _no_axe_violations(page, found)
    screenshot(page, "public-register-overview")

    # Partners: filter by sector, then page through.
    sections.get_by_role("link", name="Partners").click()
    expect(page).to_have_url(re.compile(r"/register/partners/$"))
    expect(page.get_by_role("status").first).to_contain_text("30 items — page 1 of 2")
    page.get_by_label("Sector").select_option(label="Company")
    page.get_by_label("Country").select_option(label="Fiji")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"sector=company"))
    rows = page.locator("#register-partners tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Company")
    expect(rows.first).to_contain_text("Fiji")
    _no_axe_violations(page, found)
    screenshot(page, "public-register-partners-filtered")
    page.get_by_role("link", name="Clear the filters").click()
    page.get_by_role("navigation", name="Pages").first.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#register-partners tbody tr")).to_have_count(5)
    screenshot(page, "public-register-partners-page-2")

    # An item followed to its log entry: the proof verifies, on the server and here.
    page.get_by_role("link", name=re.compile(r"Log entry \d+ .* for Partner 29")).click()
    expect(page).to_have_url(re.compile(r"/transparency/entries/\d+/$"))
    expect(page.locator("#server-check")).to_contain_text("Verified on the server")
    expect(page.locator("#browser-check-result")).to_contain_text("Verified in your browser")
    expect(page.locator("body")).to_contain_text("Partner 29")
    page.go_back()

    # Board decisions by outcome.
    page.goto("/register/decisions/")
    page.get_by_label("Outcome").select_option(label="Failed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#register-decisions tbody tr")).to_have_count(1)
    expect(page.locator("#register-decisions")).to_contain_text("Admit Partner 03")
    _no_axe_violations(page, found)
    screenshot(page, "public-register-decisions-failed")

    # Rules.
    sections.get_by_role("link", name="Rules").click()
    expect(page.locator("#register-rules")).to_contain_text("Board of 7")
    _no_axe_violations(page, found)

    # Recommendations that were answered late.
    sections.get_by_role("link", name="Recommendations").click()
    page.get_by_label("Late").select_option(label="Yes")
    page.get_by_label("Answered").select_option(label="Yes")
    page.get_by_role("button", name="Show").click()
    table = page.locator("#register-recommendations")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Accepted with changes")
    _no_axe_violations(page, found)
    screenshot(page, "public-register-recommendations-late")

    # Funding: the chart and the table say the same.
    sections.get_by_role("link", name="Funding").click()
    chart = page.locator("svg#chart-register-funding")
    expect(chart).to_be_visible()
    assert chart.get_attribute("role") == "img"
    desc = page.locator("#chart-register-funding-desc").text_content() or ""
    expect(page.locator("#register-funding-by-year")).to_contain_text("USD 2,500,000.00")
    assert "2026: Budget USD\xa02,500,000.00" in desc  # (a no-break space: CLDR)
    _no_axe_violations(page, found)
    screenshot(page, "public-register-funding")

    # Open data and what each column means.
    page.get_by_role("link", name="What each column means").click()
    expect(page).to_have_url(re.compile(r"/register/data/#dataset-funding$"))
    expect(page.locator("#dictionary-partners")).to_contain_text("organisation_id")
    _no_axe_violations(page, found)
    screenshot(page, "public-register-open-data")
    response = page.request.get("/register/partners.csv")
    assert response.ok and response.text().startswith("organisation_id,name,type,")

    # A page past the last one says so, and offers the way back (in a second tab: the
    # browser logs the 404 status, which the first tab's console check would count).
    other = page.context.new_page()
    other.goto("/register/partners/?page=9")
    expect(other.locator("body")).to_contain_text("There is no page 9 of this list")
    _no_axe_violations(other, found)
    screenshot(other, "public-register-no-such-page")
    other.get_by_role("link", name="Go to the first page").click()
    expect(other.locator("#register-partners tbody tr")).to_have_count(25)
    other.close()

    assert not found, "\n".join(found)
