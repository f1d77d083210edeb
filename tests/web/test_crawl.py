"""Crawl the demo alliance as each kind of user: every page reachable by links answers
without a server error, and pages outside a role's reach are refused, not broken."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from alliance.accounts.models import User
from tests.demo_db import (
    _locked,
    _shared_dir,
    demo,  # noqa: F401  (fixture; test_crawl_languages imports it from here)
)
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#][^"]*)"')
# Downloads and exports are exercised by their own tests; the crawl stays on pages.
SKIP = re.compile(r"(\.(xlsx|csv|pdf|png|svg|json|js|css)$)|^/(static|media|admin|accounts)/")
MAX_PAGES = 250


# Codes that must not reach a reader: words, not identifiers (code blocks excepted).
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@])")
DOTTED = re.compile(
    r"(?<![\w./@-])[a-z]+\.(?!(?:csv|json|xlsx|pdf|png|svg|txt|jsonld|jwt)\b)[a-z]+(?:_[a-z]+)*"
    r"(?![\w.@/-])"
)
# JSON or Python: {"key": …, ['a', …, a quoted code ('ngo'), or a bare None in a cell.
LITERAL = re.compile(r"""[{\[]\s*["'][^"']+["']\s*[:,\]]|'[a-z_]+'|\bNone[ \t]*(?=\n|$|[,)\]}])""")
USER_ID = re.compile(r"\b(?:vote|user|member|by|of) #?\d+ (?:used|voted|recused)|\buser #?\d+\b")
RAW = {"snake_case": SNAKE, "dotted kind": DOTTED, "literal": LITERAL, "user id": USER_ID}
# Words that look like codes but are prose or names.
ALLOWED = {"e.g", "i.e", "vc+jwt", "vp+jwt"}
INVISIBLE = re.compile(
    r"<(script|style|code|pre|textarea|kbd|samp|title)\b.*?</\1>|<!--.*?-->|<[^>]+>", re.S
)


def visible_text(html: str) -> str:
    """The words a reader sees: no markup, attributes, scripts or code blocks."""
    import html as html_lib

    return html_lib.unescape(INVISIBLE.sub("\n", html))


def raw_codes(html: str) -> list[str]:
    text = visible_text(html)
    # Addresses, paths and file names are what they are.
    text = re.sub(r"\S+@\S+|https?://\S+|/\S*|\S+\.(?:xml|csv|json|jsonl|ftm|pdf)\b", " ", text)
    found = []
    for kind, pattern in RAW.items():
        for match in pattern.finditer(text):
            if match.group(0) not in ALLOWED:
                context = " ".join(text[max(0, match.start() - 40) : match.end() + 20].split())
                found.append(f"{kind}: {match.group(0)!r} in …{context}…")
    return found


def _crawl(  # type: ignore[no-untyped-def]
    client, starts, problems=None, html_pages=None, pages=None, follow=None
):
    """Every page reachable by links from ``starts``, with its status; HTML pages that
    answer 200 are added to ``html_pages`` when given, and with their HTML to ``pages``.
    ``follow(url)``, when given, says whether a newly found link is worth a visit."""
    seen, queue = set(starts), deque(starts)
    statuses: dict[str, int] = {}
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if html_pages is not None:
            html_pages.append(url)
        if pages is not None:
            pages[url] = response.content.decode()
        if problems is not None:
            codes = raw_codes(response.content.decode())
            if codes:
                problems[url] = sorted(set(codes))
        for href in HREF.findall(response.content.decode()):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(link)
            if (
                parsed.scheme
                or parsed.netloc
                or not link.startswith("/")
                or SKIP.search(parsed.path)
            ):
                continue
            if link not in seen and (follow is None or follow(link)):
                seen.add(link)
                queue.append(link)
    return statuses


# Applicants: one with a draft, one whose submitted application has a question waiting.
APPLICANTS = (
    "contact.khmer-youth-tech-collective@demo.alliance.example",
    "contact.amani-refugee-legal-aid@demo.alliance.example",
)


def _as(client, email):  # type: ignore[no-untyped-def]
    sign_in(client, User.objects.get(email=email))


ROLES = [
    None,
    "secretariat@demo.alliance.example",
    "reviewer@demo.alliance.example",
    "chair@demo.alliance.example",
    "board.mwangi@demo.alliance.example",
    "contact.meridian-identity-systems-ltd@demo.alliance.example",
    *APPLICANTS,
]
STARTS = ["/", "/dashboard/", "/register/", "/transparency/"]


@pytest.fixture(scope="session")
def crawls(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Where each role's crawl of the demo is kept for this run: both tests below read
    the same pages (a crawl only GETs, each test's transaction is rolled back, and every
    module and xdist worker gets the same seeded demo), so whichever test of a role comes
    second, on either worker, checks the pages the first one fetched."""
    folder = _shared_dir(tmp_path_factory) / "crawls"
    folder.mkdir(exist_ok=True)
    return folder


def _crawled(client, crawls: Path, email: str | None):  # type: ignore[no-untyped-def]
    """(status by URL, raw codes by URL, HTML by URL of the HTML pages that answered 200,
    in the order the crawl read them) of the crawl as ``email`` (None: a visitor). The
    axe test (tests/browser/test_axe.py) reads the same crawl's pages on SQLite."""
    saved = crawls / f"{email or 'visitor'}.json"
    with _locked(saved.with_suffix(".lock")):
        if not saved.exists():
            if email:
                _as(client, email)
            problems: dict[str, list[str]] = {}
            pages: dict[str, str] = {}
            statuses = _crawl(client, STARTS, problems, pages=pages)
            saved.write_text(json.dumps([statuses, problems, pages]))
        statuses, problems, pages = json.loads(saved.read_text())
    return statuses, problems, pages


@pytest.mark.parametrize("email", ROLES)
def test_every_linked_page_answers_without_error(client, demo, crawls, email):  # noqa: F811
    statuses, _, _ = _crawled(client, crawls, email)
    broken = {url: code for url, code in statuses.items() if code >= 500}
    assert not broken, broken
    assert sum(code == 200 for code in statuses.values()) >= 8, statuses


@pytest.mark.parametrize("email", ROLES)
def test_every_page_speaks_in_words_not_codes(client, demo, crawls, email):  # noqa: F811
    """No raw status codes, snake_case identifiers, dotted event kinds, JSON or Python
    literals or user ids in the visible text of any reachable page (code blocks excepted)."""
    _, problems, _ = _crawled(client, crawls, email)
    assert not problems, "\n".join(f"{url}: {codes}" for url, codes in problems.items())


def test_the_code_detector_finds_codes_and_spares_words():
    page = (
        "<p>Status: partly_paid, overdue; event board.neutrality_review;"
        " totals {\"2026\": 1}; type 'ngo'; Casting vote of 44 used</p>"
        "<pre>board.neutrality_review</pre><a href='/x_y/'>Partly paid</a>"
        "<p>Write to secretariat@demo.alliance.example, e.g. about register.csv</p>"
    )
    found = [f.split(" in …")[0] for f in raw_codes(page)]
    assert "snake_case: 'partly_paid'" in found
    assert "dotted kind: 'board.neutrality_review'" in found
    assert any(f.startswith("literal") for f in found)
    assert "user id: 'of 44 used'" in found
    assert len(found) == 5, found  # the e-mail address, e.g. and register.csv are words
    assert raw_codes("<td>None</td>")
    assert not raw_codes("<p>Partly paid, overdue. Board: neutrality review. None yet.</p>")
