"""The demo alliance crawled as every demo role in French, Spanish and Arabic (issue 18):
no visible text is an English source string that the catalog translates.

A page that shows a catalog msgid in English, where the language's catalog has a
different translation, forgot to mark the string (or marked it but translated it too
early, at import time, in English). Each text node of a page is compared whole with the
catalog's msgids; a msgid with placeholders (``%(name)s``) matches any text in their
place. Code, names and other data are not sentences of the catalog and are skipped by
the explicit rules below. Every app's pages count: nothing is left to a warning.

One crawl per role and language also checks that every page answers without a server
error and says the language it is in, so this module replaces a separate status crawl.
"""

from __future__ import annotations

import gettext
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings

from alliance.accounts.models import User
from alliance.demo.accounts import load_logins
from tests.demo_db import _locked
from tests.factories import sign_in
from tests.web.test_crawl import _crawl, crawls, demo  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "es", "ar")
STARTS = ["/", "/dashboard/", "/register/", "/transparency/"]
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
HTML_TAG = re.compile(r"<html[^>]*>")

# Elements whose text is not prose: code and machine text, and scripts.
SKIP_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "time"}
# Elements (by class) whose text is data, each with why:
SKIP_CLASSES = {
    "hash": "base64 hashes and keys",
    "brand": "the alliance's own name, a proper noun",
}
# Elements that say so themselves: HTML's translate="no" marks data a page shows as it
# was written or signed (names, titles and texts from the log, a partner's own words),
# and an element whose lang differs from the page's is in that language on purpose.
SKIP_ATTRIBUTES = {"translate": "no"}

# Attributes a reader meets (read aloud, or shown in the field) as well as text nodes.
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "col"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


class _Texts(HTMLParser):
    """The text nodes and read attributes of a page, outside skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.texts: list[str] = []
        self.language: str | None = None  # the page's, from <html lang>

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag == "html":
            self.language = values.get("lang")
        own_language = tag != "html" and values.get("lang") not in (None, self.language)
        skip = (
            self._skipping()
            or tag in SKIP_ELEMENTS
            or bool(classes & set(SKIP_CLASSES))
            or own_language
            or any(
                name in values and (wanted is None or values[name] == wanted)
                for name, wanted in SKIP_ATTRIBUTES.items()
            )
        )
        if not skip:
            self.texts.extend(values[name] or "" for name in READ_ATTRIBUTES if name in values)
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self._skipping():
            self.texts.append(data)


def visible_texts(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts} - {""}


class EnglishSource:
    """The catalog's msgids that ``language`` translates differently, as one matcher."""

    def __init__(self, language: str) -> None:
        mo = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        exact, patterns = set(), []
        for key, translated in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or translated == msgid:
                continue
            msgid = " ".join(msgid.split())
            if PLACEHOLDER.search(msgid):
                parts = PLACEHOLDER.split(msgid)[::2]  # the words between placeholders
                if sum(len(p.strip()) for p in parts) >= 8:  # too little text is not a tell
                    patterns.append(".+?".join(re.escape(p) for p in parts))
            else:
                exact.add(msgid)
        self.exact = exact
        self.pattern = re.compile("|".join(f"(?:{p})" for p in sorted(patterns)))

    def english(self, text: str) -> bool:
        bare = text.rstrip(":.").strip()
        return (
            text in self.exact
            or bare in self.exact
            or (len(bare) > 1 and self.pattern.fullmatch(text) is not None)
        )


def _roles() -> dict[str, str | None]:
    """One demo login per role the demo prints, and a visitor who is not signed in."""
    roles: dict[str, str | None] = {"visitor": None}
    for login in load_logins().values():
        roles.setdefault(login.role, login.email)
    return roles


def _pattern(url: str) -> str:
    """Pages of one kind (same path with other ids, other filters or pages) share their
    template: the crawl reads two of each kind, not every log entry or motion."""
    return re.sub(r"\d+", "N", urlparse(url).path)


@pytest.fixture(scope="module")
def demo_roles(demo):  # type: ignore[no-untyped-def]  # noqa: F811
    roles = _roles()
    assert len(roles) >= 7, roles  # visitor, staff, Board, partner and applicant at least
    return roles


def sign_in_as(client, email: str | None, language: str) -> None:  # type: ignore[no-untyped-def]
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if email:
        sign_in(client, User.objects.get(email=email))


def language_crawl(client, crawls: Path, role: str, email: str | None, language: str) -> Any:  # type: ignore[no-untyped-def]  # noqa: F811
    """The crawl of the demo as ``role`` in ``language`` (two pages of each kind of URL):
    ``{"statuses": {url: status}, "pages": {url: [<html> tag, visible texts]}}``. Made
    once per run and kept in the run's shared folder, so the tests that read a role's
    French pages (this module's, tests/web/test_crawl_unmarked.py) share one crawl on
    one worker."""
    # Kept per xdist worker: tests/web/test_crawl_unmarked.py fetches a crawled URL again,
    # and on PostgreSQL each worker's demo has its own ids.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    saved = crawls / f"{role.replace(' ', '-')}.{language}.{worker}.json"
    with _locked(saved.with_suffix(".lock")):
        if not saved.exists():
            per_kind: dict[str, int] = {}

            def wanted(url: str) -> bool:
                kind = _pattern(url)
                per_kind[kind] = per_kind.get(kind, 0) + 1
                return per_kind[kind] <= 2

            sign_in_as(client, email, language)
            pages: dict[str, str] = {}
            statuses = _crawl(client, STARTS, pages=pages, follow=wanted)
            texts = {
                url: [_html_tag(html), sorted(visible_texts(html))] for url, html in pages.items()
            }
            saved.write_text(json.dumps({"statuses": statuses, "pages": texts}))
        return json.loads(saved.read_text())


def _html_tag(html: str) -> str:
    tag = HTML_TAG.search(html)
    return tag.group(0) if tag else ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_source_string_shows_in_any_language(client, demo_roles, crawls, language):  # noqa: F811
    source = EnglishSource(language)
    found: dict[str, set[str]] = {}
    broken: dict[str, int] = {}
    direction = "rtl" if language == "ar" else "ltr"
    for role, email in demo_roles.items():
        crawl = language_crawl(client, crawls, role, email, language)
        statuses = crawl["statuses"]
        broken.update({f"{role} {url}": code for url, code in statuses.items() if code >= 500})
        assert sum(code == 200 for code in statuses.values()) >= 8, (role, statuses)
        for url, (tag, texts) in crawl["pages"].items():
            assert tag == f'<html lang="{language}" dir="{direction}">', url
            for text in texts:
                if source.english(text):
                    found.setdefault(text, set()).add(f"{role} {url}")
    assert not broken, broken
    report = "\n".join(f"{text!r} on {sorted(where)[:3]}" for text, where in sorted(found.items()))
    assert not found, f"{len(found)} English strings in {language}:\n{report}"


def test_the_matcher_finds_english_and_spares_translations_and_data():
    source = EnglishSource("fr")
    page = (
        "<html><body><p>Sign in</p><p>Se connecter</p><code>Sign in</code>"
        '<span class="hash">Register</span><input placeholder="Search">'
        '<td translate="no">Status</td><p lang="en">Partners</p>'
        "<p>Meridian Identity Systems Ltd</p></body></html>"
    )
    english = {text for text in visible_texts(page) if source.english(text)}
    assert english == {"Sign in", "Search"}
