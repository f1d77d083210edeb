"""Browser tests: playwright (Python) driving Debian's chromium against live_server.

Screenshots are saved under test-artifacts/ at the checkout root.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("ALLIANCE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # The playwright event loop lives in this thread; Django's ORM calls from the test
    # body are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def demo_server(demo, django_db_blocker) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The shared seeded demo (tests/demo_db.py; committed, so the server's thread sees
    it), served for the module that asks for it.

    The module's own server, not pytest-django's ``live_server``: a test that asks for
    that one is given ``transactional_db``, which empties the database after each test."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost:0")
        try:
            yield server
        finally:
            server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request):  # type: ignore[no-untyped-def]
    """A fresh browser context; fails the test on any console error; a failing test
    leaves a screenshot of the page it was on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        screenshot(page, f"FAILED-{request.node.name}")
        print("failed on", page.url)
    context.close()
    assert not errors, f"console errors: {errors}"


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # caret="initial": hiding the caret makes playwright inject a <style>, which the
    # strict CSP rightly refuses and reports as a console error.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def totp_now(secret: str) -> str:
    """The current TOTP code, taken from a window with time left to submit it: the
    server accepts the current 30-second window only, and a code read in a window's
    last seconds can reach it after the window has turned."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_page(page, email: str, secret: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the login form (and the two-factor step when the user has a TOTP
    ``secret``), landing on the dashboard."""
    import re

    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.fill("input[name=code]", totp_now(secret))
        page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard/"))


# axe-core's impact levels that fail a page (moderate and minor are reported by axe too,
# but the acceptance bar is zero serious or critical violations).
AXE_FAILING = ("serious", "critical")


def axe_violations(page, label: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical violations on the page as it is now, one line
    each: rule id, target and the page (``label`` or its path).

    axe-playwright-python bundles axe-core and injects it with ``page.evaluate``, which
    runs the script over the DevTools protocol: it is not a <script> element, so the
    strict CSP (script-src 'self', no 'unsafe-inline' or 'unsafe-eval') neither blocks
    it nor reports it, and the page fixture's console-error check stays on."""
    from urllib.parse import urlparse

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["testEngine"]["name"] == "axe-core", results.response
    if os.environ.get("AXE_REPORT"):
        print(page.url, results.generate_snapshot() or "no violations")
    where = label or urlparse(page.url).path
    return [
        f"{where}: {violation['id']} ({violation['impact']}) at {node['target']}"
        f" — {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in AXE_FAILING
        for node in violation["nodes"]
    ]
