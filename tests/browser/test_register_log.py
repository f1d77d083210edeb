"""The public register in a real browser: the demo partners are listed, and following a
partner's log entry shows its inclusion proof, verified on the server and again in the
browser (WebCrypto SHA-256, static JS under a strict CSP)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("Amani Aid", "Refugee Registration Network", "Kestrel Cloud Services Inc.")


@pytest.fixture
def log_keys(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from alliance.transparency import keys

    monkeypatch.delenv(keys.ENV_SIGNER_KEY, raising=False)
    settings.VAR_DIR = tmp_path
    keys._cache.clear()


def test_register_lists_partners_and_entry_proof_verifies_in_the_browser(log_keys, page):
    from alliance.accounts.roles import Role

    staff = make_user("nadia@secretariat.example", Role.SECRETARIAT)
    for i, name in enumerate(NAMES):
        admitted_partnership(make_user(f"contact{i}@p{i}.example"), staff, legal_name=name)

    page.goto("/register/")
    expect(page.get_by_role("link", name="Save the current checkpoint")).to_be_visible()
    page.get_by_role("navigation", name="Register sections").get_by_role(
        "link", name="Partners"
    ).click()
    table = page.locator("#register-partners")
    for name in NAMES:
        expect(table).to_contain_text(name)
    screenshot(page, "register-partners")

    page.get_by_role("link", name=re.compile(r"Log entry \d+ .* for Amani Aid")).click()
    expect(page).to_have_url(re.compile(r"/transparency/entries/\d+/$"))
    expect(page.locator("#server-check")).to_contain_text("Verified on the server")
    result = page.locator("#browser-check-result")
    expect(result).to_contain_text("Verified in your browser")
    assert page.locator("#browser-check").get_attribute("data-verified") == "yes"
    expect(page.locator("body")).to_contain_text("Amani Aid")
    screenshot(page, "register-entry-inclusion-proof")
