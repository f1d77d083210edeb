"""Log-derived public pages: rendered once per log state, conditional GETs, no stale page."""

from __future__ import annotations

import pytest
from django.db import transaction

from alliance.transparency.services import publish_fact
from alliance.web import pagecache
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db

CACHED = [
    "/",
    "/register/",
    "/register.json",
    "/register.csv",
    "/transparency/",
    "/governance/decisions/",
    "/governance/rules/",
]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):  # type: ignore[no-untyped-def]
    settings.ALLIANCE_PAGE_CACHE = True
    pagecache.pages.clear()
    yield
    pagecache.pages.clear()


@pytest.mark.parametrize("path", CACHED)
def test_second_request_is_served_from_memory_with_one_query(
    client, sam, path, django_assert_max_num_queries
):
    admitted_partnership(make_user("p1@example.org"), sam, legal_name="Partner One")
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_max_num_queries(1):  # the log head, nothing else
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]
    assert "public" in second["Cache-Control"]
    assert pagecache.pages.hits == 1


def test_conditional_get_answers_304_without_a_body(client, sam):
    admitted_partnership(make_user("p1@example.org"), sam, legal_name="Partner One")
    first = client.get("/register/")
    by_etag = client.get("/register/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    by_date = client.get("/register/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    assert client.get("/register/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_append_changes_the_page_at_once(client, sam):
    admitted_partnership(make_user("p1@example.org"), sam, legal_name="Partner One")
    before = client.get("/register/")
    assert "Partner Two" not in before.content.decode()
    admitted_partnership(make_user("p2@example.org"), sam, legal_name="Partner Two")
    after = client.get("/register/")
    assert "Partner Two" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    # The old ETag no longer matches: a browser holding it gets the new page.
    assert client.get("/register/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_rolled_back_append_leaves_the_cached_page(client, sam):
    admitted_partnership(make_user("p1@example.org"), sam, legal_name="Partner One")
    before = client.get("/transparency/")
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_fact(kind="test.fact", subject="test:1", fact={"n": 1})
        raise RuntimeError("roll back")
    assert client.get("/transparency/")["ETag"] == before["ETag"]
    with transaction.atomic():
        publish_fact(kind="test.fact", subject="test:1", fact={"n": 1})
    assert client.get("/transparency/")["ETag"] != before["ETag"]


def test_signed_in_filtered_and_htmx_requests_are_not_cached(client, sam):
    admitted_partnership(make_user("p1@example.org"), sam, legal_name="Partner One")
    client.get("/register/?q=Partner")
    client.get("/register/", HTTP_HX_REQUEST="true")
    assert pagecache.pages.items == {}
    partner = make_user("p9@example.org")
    client.force_login(partner)
    response = client.get("/register/")
    assert "Sign out" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    assert pagecache.pages.items == {}
    client.logout()
    assert "Sign out" not in client.get("/register/").content.decode()


def test_the_cache_is_bounded(client, sam, monkeypatch):
    monkeypatch.setattr(pagecache.pages, "size", 2)
    for path in CACHED[:4]:
        client.get(path)
    assert len(pagecache.pages.items) == 2
