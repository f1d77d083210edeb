"""axe-core on every page type, as a role that can see it, on the seeded demo alliance.

Each role's pages are found the way the crawl finds them (tests/web/test_crawl.py: every
page reachable by links from its starting pages), one page per kind (URL name, and step
for the application's steps), then opened in chromium and checked by axe-core (bundled
by axe-playwright-python). A serious or critical violation fails the test, listed as
rule id, target and page. The sign-in and sign-up pages, a form showing its errors, and
the 403, 404 and 500 pages are added by hand: links do not reach them.

A page whose content (its ``<main>``, CSRF tokens aside) another role's test of this run
already checked is not checked again: most public pages, and many staff pages, are the same
content under another role's header. Each role's header, navigation and footer are still
checked, on its pages that no earlier role saw (every role has some: its dashboard at
least). The module runs on one xdist worker so that the roles share what was checked.

The run's seeded demo (tests/demo_db.py) is copied in for the module and served by one
live server; the database is empty again when the module ends.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from alliance.accounts.models import User
from tests.browser.conftest import axe_violations
from tests.factories import record_second_factor, sign_in
from tests.web.test_crawl import APPLICANTS, _crawl, _crawled, crawls  # noqa: F401  (a fixture)

# One worker runs the module: the roles' tests share which pages were checked.
pytestmark = pytest.mark.xdist_group("axe")

STARTS = ["/", "/dashboard/", "/register/", "/transparency/"]
ROLES = {
    "public": None,
    "secretariat": "secretariat@demo.alliance.example",
    "reviewer": "reviewer@demo.alliance.example",
    "chair": "chair@demo.alliance.example",
    "member": "board.mwangi@demo.alliance.example",
    "partner": "contact.meridian-identity-systems-ltd@demo.alliance.example",
    "applicant-draft": APPLICANTS[0],
    "applicant-question": APPLICANTS[1],
}


def _client_for(email: str | None) -> Client:
    client = Client()
    if email:
        user = User.objects.get(email=email)
        sign_in(client, user)  # enrols TOTP where the role needs it
        record_second_factor(client, user)  # the session has used it, as a real sign-in
    return client


def page_kinds(
    client: Client, contents: dict[str, str] | None = None, pages: dict[str, str] | None = None
) -> dict[str, str]:
    """One URL per kind of page the client can reach by links (HTML answering 200);
    ``contents``, when given, gets each kind's page content (see ``page_content``).
    ``pages``: the HTML pages of a crawl already made as the same role, by URL in the
    order it read them (else the client crawls)."""
    kinds: dict[str, str] = {}
    if pages is None:
        pages = {}
        _crawl(client, STARTS, pages=pages)
    for url, html in pages.items():
        path = urlparse(url).path
        if path.startswith("/api/"):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        kind = match.view_name + (f":{match.kwargs['step']}" if "step" in match.kwargs else "")
        if kind not in kinds:
            kinds[kind] = url
            if contents is not None:
                contents[kind] = page_content(html)
    return kinds


MAIN = re.compile(r"<main\b.*?</main>", re.S)
# Per session, not per page: a form's CSRF token differs for every client.
PER_SESSION = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_content(html: str) -> str:
    """What a page shows besides the role's own header and footer: its ``<main>`` (the
    whole page if it has none), without per-session tokens."""
    main = MAIN.search(html)
    return PER_SESSION.sub("", main.group(0) if main else html)


def _role_crawl(folder: Path, email: str | None) -> dict[str, str] | None:
    """The HTML pages of the role's crawl of this run (tests/web/test_crawl.py: the same
    starts, the same limit, made once per role by whichever test asks first), or None on
    PostgreSQL, where each xdist worker seeds its own demo and ids may differ between
    them: there the role's pages are crawled here, on this worker's demo, as before. On
    SQLite every worker's demo is a copy of the one seeded file, so the URLs are the
    same."""
    if connection.vendor != "sqlite":
        return None
    return dict(_crawled(Client(), folder, email)[2])


@pytest.fixture(scope="module")
def checked() -> dict[tuple[str, str], str]:
    """(page kind, page content) -> the role whose test checked it, in this module."""
    return {}


def _context(browser, server, client: Client):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    context.set_default_timeout(20_000)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": server.url}]
        )
    return context


def _check(page, urls: dict[str, str], errors: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[str] = []
    for kind, url in sorted(urls.items()):
        page.goto(url)
        found += axe_violations(page, f"{url} ({kind})")
    found += [f"console: {e}" for e in errors]
    return found


def _watch(page) -> list[str]:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_kind_has_no_serious_axe_violation(demo_server, browser, checked, crawls, role):  # type: ignore[no-untyped-def]  # noqa: F811
    client = _client_for(ROLES[role])
    contents: dict[str, str] = {}
    kinds = page_kinds(client, contents, _role_crawl(crawls, ROLES[role]))
    assert len(kinds) >= 5, kinds  # the crawl reached the role's pages
    unchecked = {k: url for k, url in kinds.items() if (k, contents[k]) not in checked}
    if not unchecked:  # the role's own header and footer are checked on one page at least
        first = min(kinds)
        unchecked = {first: kinds[first]}
    context = _context(browser, demo_server, client)
    page = context.new_page()
    errors = _watch(page)
    found = _check(page, unchecked, errors)
    context.close()
    for kind in unchecked:
        checked.setdefault((kind, contents[kind]), role)
    assert not found, (
        f"{len(unchecked)} of {len(kinds)} page kinds as {role} (the others' content was"
        " checked as another role):\n" + "\n".join(found)
    )


def test_sign_in_sign_up_form_errors_and_error_pages(demo_server, browser):  # type: ignore[no-untyped-def]
    from django.template.loader import render_to_string

    anonymous = _client_for(None)
    context = _context(browser, demo_server, anonymous)
    page = context.new_page()
    errors = _watch(page)
    found = _check(
        page,
        {
            "sign-in": "/accounts/login/",
            "sign-up": "/accounts/signup/",
            "password reset": "/accounts/password/reset/",
        },
        [],
    )
    # The sign-in form showing its error.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "nobody@example.org")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    found += axe_violations(page, "/accounts/login/ (with its error)")
    # The sign-up form showing its errors.
    page.goto("/accounts/signup/")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    found += axe_violations(page, "/accounts/signup/ (with its errors)")
    # 404 for the public.
    page.goto("/no-such-page/")
    found += axe_violations(page, "404")
    # 500: the standalone page, served with the site's own CSP.
    html = render_to_string("500.html")
    page.route(
        "**/boom/",
        lambda route: route.fulfill(
            status=500,
            body=html,
            headers={
                "content-type": "text/html; charset=utf-8",
                "content-security-policy": "default-src 'self'; script-src 'self'; "
                "style-src 'self'; img-src 'self' data:",
            },
        ),
    )
    page.goto("/boom/")
    found += axe_violations(page, "500")
    context.close()
    # The error pages answer with their status on purpose; chromium logs that status.
    found += [f"console: {e}" for e in errors if "the server responded with a status of" not in e]

    # 403 for a signed-in applicant who opens a staff page.
    applicant = _client_for(APPLICANTS[0])
    context = _context(browser, demo_server, applicant)
    page = context.new_page()
    page.goto("/secretariat/intake/")
    assert "You cannot open this page" in page.content()
    found += axe_violations(page, "403")
    context.close()
    assert not found, "\n".join(found)
