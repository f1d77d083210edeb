"""A partner contact downloads its credential and checks it in the public verifier."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot


@pytest.mark.browser
def test_partner_downloads_credential_and_verifies_it(page, settings, tmp_path, alice, sam):  # type: ignore[no-untyped-def]
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD, admitted_partnership

    settings.VAR_DIR = tmp_path  # the issuer's secret key stays out of ./var
    partnership = admitted_partnership(alice, sam, "Amani Aid")
    EmailAddress.objects.update_or_create(
        user=alice, email=alice.email, defaults={"verified": True, "primary": True}
    )

    page.goto("/accounts/login/")
    page.fill("input[name=login]", alice.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/**")

    page.goto(f"/organisations/{partnership.organisation_id}/")
    page.get_by_role("heading", name="Partnership credential").wait_for()
    assert page.locator("img[alt^='QR code']").evaluate("img => img.naturalWidth") > 0
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download vc+jwt").click()
    token = Path(download_info.value.path()).read_text().strip()
    assert token.count(".") == 2

    page.goto("/credentials/verifier")
    page.fill("#id_document", token)
    page.get_by_role("button", name="Verify").click()
    verdict = page.locator("#verdict")
    verdict.wait_for()
    assert verdict.inner_text().startswith("Verified")
    results = page.locator("table.checks td:nth-child(2)").all_inner_texts()
    assert results and all(r.strip() == "Pass" for r in results)
    assert page.get_by_text("not revoked").count() == 1
    screenshot(page, "credentials-verifier")
