"""Basic accessibility of every page a role can reach: a language, one h1, and a label
for every form control."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.web.test_crawl import _as, _crawl, demo  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.labels: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels.add(a["for"])
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and (a.get("type") or "text") in UNLABELLED_OK:
                return
            self.controls.append({**a, "_wrapped": "yes" if self._label_depth else None})

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "label" and self._label_depth:
            self._label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [
            c.get("name") or c.get("id") or "?"
            for c in self.controls
            if not (c.get("id") in self.labels or c.get("aria-label")
                    or c.get("aria-labelledby") or c.get("_wrapped") or c.get("title"))
        ]  # fmt: skip


@pytest.mark.parametrize(
    "email",
    [None, "secretariat@demo.alliance.example", "chair@demo.alliance.example",
     "contact.meridian-identity-systems-ltd@demo.alliance.example"],
)  # fmt: skip
def test_pages_have_language_one_heading_and_labelled_controls(client, demo, email):  # noqa: F811
    if email:
        _as(client, email)
    problems = {}
    pages: dict[str, str] = {}  # the HTML pages that answered 200, as the crawl read them
    _crawl(client, ["/", "/dashboard/", "/register/"], pages=pages)
    for url, html in pages.items():
        if url.startswith("/api/"):
            continue
        page = _Page()
        page.feed(html)
        issues = []
        if page.lang != "en-gb":
            issues.append("no lang")
        if page.h1 != 1:
            issues.append(f"{page.h1} h1")
        if missing := page.unlabelled():
            issues.append(f"unlabelled {missing}")
        if issues:
            problems[url] = issues
    assert not problems, problems
