"""The language switcher, the account's stored language and <html lang dir> (issue 18)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from alliance.accounts import actions
from alliance.accounts.models import User
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.web import pagecache

pytestmark = pytest.mark.django_db

SWITCH = "/language/"


def _html_tag(body: str) -> str:
    match = re.search(r"<html[^>]*>", body)
    assert match is not None
    return match.group(0)


def test_every_page_offers_the_four_languages(client):
    body = client.get("/").content.decode()
    assert 'action="/language/"' in body
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}"' in body


def test_a_visitor_switches_without_an_account_and_the_page_says_its_language(client):
    response = client.post(SWITCH, {"language": "fr", "next": "/register/"})
    assert response.status_code == 302 and response["Location"] == "/register/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get("/register/")
    assert _html_tag(page.content.decode()) == '<html lang="fr" dir="ltr">'
    assert page["Content-Language"] == "fr"


def test_arabic_pages_are_right_to_left(client):
    client.post(SWITCH, {"language": "ar", "next": "/"})
    assert _html_tag(client.get("/").content.decode()) == '<html lang="ar" dir="rtl">'


def test_the_browser_language_is_used_until_one_is_chosen(client):
    page = client.get("/", headers={"accept-language": "es-MX,es;q=0.9"})
    assert _html_tag(page.content.decode()) == '<html lang="es" dir="ltr">'
    english = client.get("/", headers={"accept-language": "en-US"})
    assert _html_tag(english.content.decode()) == '<html lang="en-gb" dir="ltr">'


def test_a_signed_in_choice_is_stored_on_the_account_with_an_audit_event(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get("/dashboard/")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    assert token is not None
    refused = client.post(SWITCH, {"language": "es", "next": "/dashboard/"})
    assert refused.status_code == 403
    alice.refresh_from_db()
    assert alice.language == ""
    done = client.post(
        SWITCH, {"language": "es", "next": "/dashboard/", "csrfmiddlewaretoken": token}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "es"
    event = AuditEvent.objects.get(verb="user.language_set")
    assert event.actor_id == alice.pk
    assert (event.before, event.after) == ({"language": ""}, {"language": "es"})
    assert done.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_the_stored_language_applies_at_sign_in_on_a_new_browser(alice):
    actions.user_language_set(actor=alice, user=alice, language="ar")
    browser = Client()
    browser.force_login(User.objects.get(pk=alice.pk))
    page = browser.get("/dashboard/", headers={"accept-language": "fr"})
    assert _html_tag(page.content.decode()) == '<html lang="ar" dir="rtl">'
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


def test_only_the_person_sets_their_language_and_only_to_an_offered_one(alice, bob):
    with pytest.raises(NotAllowed, match=str(actions.ERR_OWN_LANGUAGE_ONLY)):
        actions.user_language_set(actor=bob, user=alice, language="fr")
    with pytest.raises(ActionError, match=str(actions.ERR_UNKNOWN_LANGUAGE)):
        actions.user_language_set(actor=alice, user=alice, language="de")
    actions.user_language_set(actor=alice, user=alice, language="fr")
    actions.user_language_set(actor=alice, user=alice, language="fr")  # unchanged: no event
    assert AuditEvent.objects.filter(verb="user.language_set").count() == 1


def test_the_page_cache_keeps_one_page_per_language(client, settings):
    settings.ALLIANCE_PAGE_CACHE = True
    pagecache.pages.clear()
    try:
        client.get("/register/")  # the first view of the log may write its checkpoint
        pagecache.pages.clear()
        english = client.get("/register/", headers={"accept-language": "en"})
        french = client.get("/register/", headers={"accept-language": "fr"})
        english_again = client.get("/register/", headers={"accept-language": "en"})
        assert _html_tag(english.content.decode()) == '<html lang="en-gb" dir="ltr">'
        assert _html_tag(french.content.decode()) == '<html lang="fr" dir="ltr">'
        assert english_again.content == english.content
        assert english["ETag"] != french["ETag"]
        assert "Accept-Language" in french["Vary"]
        assert len(pagecache.pages.items) == 2
    finally:
        pagecache.pages.clear()


def test_pages_and_refusals_read_in_the_chosen_language(client, alice, bob):
    client.post(SWITCH, {"language": "fr", "next": "/"})
    body = client.get("/").content.decode()
    assert "Changer de langue" in body and "Change language" not in body
    with translation.override("ar"), pytest.raises(NotAllowed) as refused:
        actions.user_language_set(actor=bob, user=alice, language="fr")
    assert refused.value.message == "يختار كل شخص لغته بنفسه."
    with translation.override("es"):
        assert str(actions.ERR_UNKNOWN_LANGUAGE) == "Este sitio no está disponible en ese idioma."


def _sign_up(client: Client, email: str, password: str = "Walk-pass-2026-xyz") -> Any:
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": password, "password2": password, "privacy_notice": "on"},
    )


def test_a_language_chosen_before_signing_up_becomes_the_accounts_choice(client):
    """A visitor switches to Arabic, then signs up: the account keeps Arabic, so a new
    browser (and every notice) is in Arabic too."""
    client.post(SWITCH, {"language": "ar", "next": "/accounts/signup/"})
    _sign_up(client, "newcomer@ngo.example")
    user = User.objects.get(email="newcomer@ngo.example")
    assert user.language == "ar"
    assert AuditEvent.objects.filter(verb="user.language_set", actor=user).count() == 1
    browser = Client()
    browser.force_login(user)
    page = browser.get("/dashboard/", headers={"accept-language": "en"})
    assert _html_tag(page.content.decode()) == '<html lang="ar" dir="rtl">'


def test_signing_up_without_choosing_a_language_records_none(client):
    _sign_up(client, "browser-only@ngo.example")
    assert User.objects.get(email="browser-only@ngo.example").language == ""


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("ar", "كلمة المرور هذه قصيرة جدًا. يجب أن تتكون من 8 أحرف على الأقل."),
        ("fr", "Ce mot de passe est trop court. Il doit contenir au minimum 8 caractères."),
        ("es", "La contraseña es demasiado corta. Debe contener por lo menos 8 caracteres."),
    ],
)
def test_a_short_password_is_refused_in_the_pages_language(client, language, refusal):
    client.post(SWITCH, {"language": language, "next": "/accounts/signup/"})
    page = _sign_up(client, "short@ngo.example", password="Ab1-x").content.decode()
    assert refusal in page
    assert "This password is too short" not in page
    assert not User.objects.filter(email="short@ngo.example").exists()


def test_a_password_like_the_address_is_refused_naming_the_field_in_the_pages_language(client):
    client.post(SWITCH, {"language": "fr", "next": "/accounts/signup/"})
    page = _sign_up(client, "walker.nomad@ngo.example", password="walker.nomad@ngo").content
    assert "email address" not in page.decode()
    assert "adresse électronique" in page.decode()
