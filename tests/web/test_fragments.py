"""The signed-in dashboard's fragments are kept until the data changes (web.fragments)."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import _does_token_match, _unmask_cipher_token
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from alliance.core.notifications import notify
from alliance.governance import actions as board
from alliance.groups import actions as groups
from alliance.web import fragments
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def fragment_cache(settings):  # type: ignore[no-untyped-def]
    settings.ALLIANCE_FRAGMENT_CACHE = True
    fragments.fragments.clear()
    yield fragments.fragments
    fragments.fragments.clear()


@pytest.fixture
def partner(sam):  # type: ignore[no-untyped-def]
    person = make_user("contact@example.org")
    admitted_partnership(person, sam, legal_name="Partner Dash")
    return person


def _body_of(content: bytes) -> bytes:
    return TOKEN.sub(b"TOKEN", content)


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return _body_of(response.content)


def test_a_repeated_dashboard_is_the_same_page_with_four_queries(
    client, partner, fragment_cache, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    client.force_login(partner)
    client.get("/dashboard/")  # the session and notice prompt settle
    first = _body(client.get("/dashboard/"))
    # 4: the session, the person, their roles, the data's state (web.fragments.data_state);
    # 20 when the sections and panels are built (tests/web/test_pages.py).
    with django_assert_max_num_queries(4):
        again = _body(client.get("/dashboard/"))
    assert again == first and b"Partnership credential of Partner Dash" in again
    assert fragment_cache.hits > 0


def test_an_audited_write_shows_on_the_next_request(client, partner, sam, fragment_cache):  # type: ignore[no-untyped-def]
    client.force_login(partner)
    client.get("/dashboard/")
    assert b"Inclusion" not in client.get("/dashboard/").content
    today = timezone.localdate()
    group = groups.group_create(
        actor=sam, name="Inclusion", kind="working_group", charter="Inclusion.", today=today
    )
    groups.chair_appoint(actor=sam, group=group, user=partner, organisation=None, today=today)
    page = client.get("/dashboard/").content.decode()
    assert 'id="home-group-chair"' in page and "Inclusion" in page


def test_notifications_read_without_an_audit_event_still_show(client, partner, fragment_cache):  # type: ignore[no-untyped-def]
    client.force_login(partner)
    board.notification_mark_read(actor=partner)  # the admission's notice
    client.get("/dashboard/")
    before = _body(client.get("/dashboard/"))
    assert b"unread notification" not in before
    notify([partner], kind="test", text="The Board met.")
    assert b"1 unread notification" in _body(client.get("/dashboard/"))
    board.notification_mark_read(actor=partner)
    assert _body(client.get("/dashboard/")) == before


def test_each_person_language_and_role_has_its_own_fragment(client, partner, sam, fragment_cache):  # type: ignore[no-untyped-def]
    other = make_user("other@example.org")
    admitted_partnership(other, sam, legal_name="Other Partner")
    client.force_login(partner)
    client.get("/dashboard/")
    assert b"Partner Dash" in client.get("/dashboard/").content
    client.force_login(other)
    client.get("/dashboard/")
    page = client.get("/dashboard/").content
    assert b"Other Partner" in page and b"Partner Dash" not in page
    client.cookies["django_language"] = "fr"
    french = client.get("/dashboard/").content
    assert b'lang="fr"' in french and _body_of(french) != _body_of(page)


def test_a_kept_form_carries_each_requests_own_csrf_token(partner, fragment_cache):  # type: ignore[no-untyped-def]
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    tokens = []
    for secret in ("a" * 32, "b" * 32):
        request = RequestFactory().get("/dashboard/")
        request.user = partner
        request.META["CSRF_COOKIE"] = secret
        html = fragments.cached(request, "form", lambda r=request: template.render({}, r))
        (token,) = TOKEN.findall(html.encode())
        assert _does_token_match(token.decode(), secret)
        tokens.append(_unmask_cipher_token(token.decode()))
    assert tokens == ["a" * 32, "b" * 32] and fragment_cache.hits == 1
