"""Styled 403, 404 and 500 pages with a way back, and a favicon."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client

from tests.factories import make_user


def test_404_is_styled_and_offers_a_way_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find this page" in html
    assert "/no-such-page/" in html
    assert 'href="/"' in html and 'href="/register/"' in html
    assert "site.css" in html  # the site's own look, not Django's bare page


def test_403_is_styled_names_the_account_and_offers_a_way_back(client, db):
    user = make_user("someone@example.org")
    client.force_login(user)
    response = client.get("/secretariat/intake/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html
    assert "someone@example.org" in html
    assert 'href="/dashboard/"' in html


def test_500_page_stands_alone_with_a_way_back(db):
    html = render_to_string("500.html")  # rendered without a request or context
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html and "favicon.svg" in html


def test_500_handler_serves_the_styled_page(settings, db):
    def broken(request):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    from django.urls import path

    from alliance.config import urls

    module = type(urls)("broken_urls")
    module.urlpatterns = [path("boom/", broken), *urls.urlpatterns]  # type: ignore[attr-defined]
    import sys

    sys.modules["broken_urls"] = module
    settings.ROOT_URLCONF = "broken_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_favicon_is_linked_and_served(client, db):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/alliance/favicon.svg"' in html
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/static/alliance/favicon.svg"


def test_a_visit_to_a_form_only_address_gets_a_page_with_the_status_and_allow(client, db):
    """``require_POST`` views answer an empty 405, which a browser shows as its own blank
    "HTTP ERROR 405" (walk 3: /transparency/key/rotate/ opened from a link)."""
    response = client.get("/transparency/key/rotate/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert "This address only takes a form" in html
    assert 'href="/"' in html and "site.css" in html


def test_the_form_only_page_speaks_the_readers_language(client, db):
    response = client.get("/transparency/key/rotate/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 405
    assert "This address only takes a form" not in response.content.decode()


def test_the_api_keeps_its_own_405(client, db):
    response = client.delete("/api/register/partners")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert b"This address only takes a form" not in response.content  # no page for a program


def test_a_form_sent_to_a_page_that_is_only_read_gets_a_page_too(client, db):
    """``require_safe`` pages answered a POST with an empty 405, which Chromium shows as
    its own "HTTP ERROR 405" (walk 4: a form posted to /register/)."""
    for path in ("/register/", "/transparency/"):
        response = client.post(path)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        html = response.content.decode()
        assert "This page does not take a form" in html and "nothing was sent or saved" in html
        assert "This address only takes a form" not in html
        assert 'href="/"' in html and "site.css" in html
    french = client.post("/register/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Cette page ne reçoit pas de formulaire" in french


def test_a_form_refused_by_the_csrf_check_gets_the_sites_page(db):  # type: ignore[no-untyped-def]
    """Django's bare English "CSRF verification failed. Request aborted. More information
    is available with DEBUG=True." for a form left open in a tab across a new sign-in
    (walk 4); the API keeps Django's own answer."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form was out of date" in html and "Nothing from it was saved." in html
    assert "DEBUG=True" not in html and 'href="/"' in html and "site.css" in html
    french = client.post("/accounts/login/", {"login": "a@example.org"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Le formulaire était périmé" in french.content.decode()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from alliance.web.csrf import csrf_failure

    request = RequestFactory().post("/api/screening/check")
    request.user = AnonymousUser()
    api = csrf_failure(request, reason="no token")
    assert api.status_code == 403
    assert b"DEBUG" in api.content and b"site.css" not in api.content  # Django's own page
