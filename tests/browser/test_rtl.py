"""Arabic right to left, and no horizontal overflow on a 375 px phone in either direction.

At 375 px wide, in Arabic: the home page, the application form (as an applicant), the
intake queue (as the secretariat), a motion (as a Board member) and the public register
read right to left (``<html dir="rtl">``, the main navigation's first item on the right,
numbers in the digits 0-9) and nothing sticks out of the viewport, with each header menu
open too, nor once words longer than a line are added to every text. The same pages in
English must not overflow either. A box that scrolls on purpose (a table's
``.table-scroll`` wrapper, a ``pre``) may hold wider content, but must itself fit the
viewport and scroll.

Screenshots go to test-artifacts/rtl-<lang>-<page>.png. One demo is seeded for the module
and served by one live server (``demo_server`` in tests/browser/conftest.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from alliance.governance.models import Motion, MotionStatus
from alliance.organisations.models import Partnership, PartnershipStatus
from tests.browser.conftest import screenshot
from tests.browser.test_axe import _client_for
from tests.web.test_crawl import APPLICANTS

PHONE = {"width": 375, "height": 812}
SECRETARIAT = "secretariat@demo.alliance.example"
BOARD_MEMBER = "board.mwangi@demo.alliance.example"

# Everything the page lays out that reaches past the viewport's edges, except what sits
# inside a box that clips or scrolls its overflow (that box is checked instead), and the
# skip link and visually hidden text, which are off-screen or clipped on purpose.
OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const clips = (el) => {
    const x = getComputedStyle(el).overflowX;
    return x === "auto" || x === "scroll" || x === "hidden" || x === "clip";
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string"
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const out = [];
  const scrollers = [];
  const walk = (el) => {
    for (const child of el.children) {
      if (child.matches(".skip, .visually-hidden")) continue;
      const box = child.getBoundingClientRect();
      if (box.width > 0 || box.height > 0) {
        if (box.left < -0.5 || box.right > width + 0.5) {
          out.push(`${name(child)} [${Math.round(box.left)}, ${Math.round(box.right)}]`
            + ` "${(child.textContent || "").trim().slice(0, 40)}"`);
        }
      }
      // A form control scrolls its own text; it is checked by its box above.
      if (clips(child) && !child.matches("input, select, textarea")) {
        if (child.scrollWidth > child.clientWidth + 1) {
          const x = getComputedStyle(child).overflowX;
          scrollers.push({box: name(child), scrolls: x === "auto" || x === "scroll"});
        }
        continue;
      }
      walk(child);
    }
  };
  walk(document.body);
  return {
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    outside: out,
    scrollers: scrollers,
  };
}
"""

# Where the first item of the main navigation sits: its left and right edges.
FIRST_NAV_ITEM = """
() => {
  const item = document.querySelector("header nav ul > li");
  const box = item.getBoundingClientRect();
  return {left: box.left, right: box.right, width: document.documentElement.clientWidth};
}
"""


def _pages() -> list[tuple[str, str | None, str]]:
    """(name, who, url) for every page the acceptance lists, with the register's other
    tables and the partner's notice banner."""
    motion = Motion.objects.filter(status=MotionStatus.OPEN).order_by("pk").first()
    assert motion is not None, "the demo has an open motion"
    # The demo's suspended partner has a termination notice: its banner is on every page.
    suspended = Partnership.objects.get(status=PartnershipStatus.SUSPENDED)
    return [
        ("partner-banner", suspended.application.created_by.email, "/dashboard/"),
        ("home", None, "/"),
        ("application", APPLICANTS[0], "/apply/"),
        ("application-people", APPLICANTS[0], "people"),
        ("applicant-home", APPLICANTS[0], "/dashboard/"),
        ("intake", SECRETARIAT, "/secretariat/intake/"),
        ("motion", BOARD_MEMBER, f"/board/motions/{motion.pk}/"),
        ("register", None, "/register/"),
        ("register-partners", None, "/register/partners/"),
        ("register-funding", None, "/register/funding/"),
    ]


def _phone(browser, server, language: str, email: str | None):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, base_url=server.url, locale=language)
    context.set_default_timeout(20_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.url}]
    session = _client_for(email).cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": server.url}
        )
    context.add_cookies(cookies)
    return context


def _layout(page, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if url == "people":  # the application's second step, from the first one's address
        url = page.url.replace("/organisation/", "/people/")
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")
    return page.evaluate(OVERFLOW_SCRIPT)


def _open_menus(page, language: str, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open each of the header's menus in turn: an open menu must fit the phone too."""
    found: list[str] = []
    menus = page.locator("header .nav-group summary")
    for index in range(menus.count()):
        menu = menus.nth(index)
        label = menu.inner_text()
        menu.click()
        found += [f"menu {label!r} open: {p}" for p in _problems(page.evaluate(OVERFLOW_SCRIPT))]
        screenshot(page, f"rtl-{language}-{name}-menu-{index + 1}")
        menu.click()
    return found


# Arabic pages write numbers in the digits 0-9, as Arabic UN documents and CLDR's `ar` do
# (docs/i18n.md, "Numerals"); Arabic-Indic and Persian digits would be a second system.
OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]+")


def _digits(page) -> list[str]:  # type: ignore[no-untyped-def]
    text = page.evaluate("document.body.innerText")
    return [f"written in Arabic-Indic digits: {m.group()!r}" for m in OTHER_DIGITS.finditer(text)]


# Longer than any line of a phone: an address with no break opportunity, and an Arabic
# run with no space (as a pasted organisation name or a compound can be).
LONG_WORDS = ["https://" + "x" * 120 + ".example.org", "الاستراتيجياتوالمسؤولياتوالالتزامات" * 4]
APPEND_LONG_WORDS = """
(words) => {
  const leaves = "main dd, main dt, main td, main th, main li, main p, main h1, main h2,"
    + " main h3, main label, main legend, main .stat, main .badge, footer p";
  for (const el of document.querySelectorAll(leaves)) {
    if (el.children.length === 0) el.textContent += " " + words.join(" ");
  }
}
"""


def _long_words(page) -> list[str]:  # type: ignore[no-untyped-def]
    """After the screenshot: words longer than a line, appended to every text on the
    page, must break (or scroll inside a table's wrapper), never widen the page."""
    page.evaluate(APPEND_LONG_WORDS, LONG_WORDS)
    return [f"with long words: {p}" for p in _problems(page.evaluate(OVERFLOW_SCRIPT))]


def _problems(layout: dict[str, Any]) -> list[str]:
    found = [f"outside the viewport: {item}" for item in layout["outside"]]
    found += [
        f"{box['box']} is wider than itself but clips"
        for box in layout["scrollers"]
        if not box["scrolls"]
    ]
    if layout["scrollWidth"] > layout["innerWidth"]:
        found.append(f"page scrolls sideways: {layout['scrollWidth']} > {layout['innerWidth']}")
    return found


@pytest.mark.parametrize("language", ["ar", "en-gb"])
def test_pages_fit_a_phone_and_arabic_reads_right_to_left(demo_server, browser, language):  # type: ignore[no-untyped-def]
    problems = phone_problems(browser, demo_server, language)
    assert not problems, "\n".join(problems)


def phone_problems(browser, server, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every overflow on the pages at 375 px in ``language``, saving a screenshot of each;
    fails at once if a page is not in that language and direction."""
    problems: list[str] = []
    contexts: dict[str | None, Any] = {}
    try:
        for name, who, url in _pages():
            first_visit = who not in contexts
            if first_visit:
                contexts[who] = _phone(browser, server, language, who)
                contexts[who].new_page()
            page = contexts[who].pages[0]
            layout = _layout(page, url)
            assert layout["lang"] == language, (name, layout["lang"])
            assert layout["dir"] == ("rtl" if language == "ar" else "ltr"), (name, layout["dir"])
            nav = page.evaluate(FIRST_NAV_ITEM)
            if language == "ar":
                # Right to left: the main navigation starts at the right-hand edge.
                assert nav["right"] > nav["width"] * 0.6, (name, nav)
            else:
                assert nav["left"] < nav["width"] * 0.4, (name, nav)
            problems += [f"{name} ({url}): {p}" for p in _problems(layout)]
            if language == "ar":
                problems += [f"{name} ({url}): {p}" for p in _digits(page)]
            screenshot(page, f"rtl-{language}-{name}")
            if name == "partner-banner":
                assert page.locator(".partner-notice-banner").count() == 1, name
            if first_visit:
                problems += [f"{name} ({url}), {p}" for p in _open_menus(page, language, name)]
            problems += [f"{name} ({url}), {p}" for p in _long_words(page)]
    finally:
        for context in contexts.values():
            context.close()
    return problems
