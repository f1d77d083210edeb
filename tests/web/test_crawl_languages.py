"""The demo alliance crawled in French, Spanish and Arabic (issue 18): every page still
answers without a server error (a translation that broke a template would show here),
and says the language it is in."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.web.test_crawl import _as, _crawl, demo  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.django_db

HTML_TAG = re.compile(r"<html[^>]*>")


@pytest.mark.parametrize(
    ("language", "email"),
    [
        ("fr", None),
        ("ar", "secretariat@demo.alliance.example"),
        ("es", "reviewer@demo.alliance.example"),
        ("fr", "chair@demo.alliance.example"),
        ("ar", "contact.amani-refugee-legal-aid@demo.alliance.example"),
    ],
)
def test_every_linked_page_answers_in_each_language(client, demo, language, email):  # noqa: F811
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if email:
        _as(client, email)
    statuses = _crawl(client, ["/", "/dashboard/", "/register/", "/transparency/"])
    broken = {url: code for url, code in statuses.items() if code >= 500}
    assert not broken, broken
    assert sum(code == 200 for code in statuses.values()) >= 8, statuses
    page = client.get("/dashboard/" if email else "/register/").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert HTML_TAG.search(page).group(0) == f'<html lang="{language}" dir="{direction}">'
