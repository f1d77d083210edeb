"""A reviewer opens an applicant's page, reads why a name is a hit and decides it (htmx)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, sign_in_page


@pytest.mark.browser
def test_reviewer_decides_a_screening_hit(page, alice, sam, rita):  # type: ignore[no-untyped-def]
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from playwright.sync_api import expect

    from alliance.datadir import FALLBACK_DATA_DIR
    from alliance.screening.actions import list_version_load
    from alliance.screening.engine import clear_cache
    from alliance.screening.selectors import results_for_organisation
    from tests.screening.test_flow import LISTED_OFFICER, submit_with_people

    clear_cache()
    # Outside a test transaction: on-commit screening runs at once (immediate task backend).
    list_version_load(actor=sam, path_or_upload=FALLBACK_DATA_DIR / "lists" / "un"
                      / "un_consolidated_fallback.xml")  # fmt: skip
    organisation = submit_with_people(alice, [LISTED_OFFICER]).organisation
    assert len(results_for_organisation(organisation)) == 1
    EmailAddress.objects.update_or_create(
        user=rita, email=rita.email, defaults={"verified": True, "primary": True}
    )
    secret = generate_totp_secret()
    TOTP.activate(rita, secret)

    sign_in_page(page, rita.email, secret)

    page.goto(f"/organisations/{organisation.pk}/")
    hit = page.locator("article.screening-hit")
    expect(hit).to_contain_text("Awaiting decision")
    hit.get_by_text("Why this is a hit").click()
    expect(hit.locator(".screening-explanation")).to_contain_text("Birth date")
    screenshot(page, "screening-01-hit")
    hit.get_by_label("Reason for the decision").fill("Same birth date and nationality.")
    hit.get_by_role("button", name="True match").click()
    expect(page.locator("article.screening-hit")).to_contain_text(
        "Same birth date and nationality."
    )
    expect(page.locator("article.screening-hit h3")).to_contain_text("True match")
    assert results_for_organisation(organisation)[0].decision == "true_match"
    screenshot(page, "screening-02-decided")
