"""Rate limits on every authentication endpoint (issue 14, item 1): what the sign-in
tests in tests/web/test_accounts.py do not already cover — the API has no password
endpoint of its own, and password-reset links are limited per address without touching
the account's owner elsewhere."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from ninja.security import SessionAuth

pytestmark = pytest.mark.django_db


def test_the_api_authenticates_only_through_the_site_session():
    """No API route takes a password, token or key: guessing goes through the site's
    sign-in and its limits, and staff still need the session's second factor."""
    from alliance.api.urls import api

    kinds = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for callback in operation.auth_callbacks:
                    kinds.add(type(callback))
    # The site session or a narrower kind of it (screening's refuses other roles first).
    assert kinds and all(issubclass(kind, SessionAuth) for kind in kinds), kinds


def test_every_authentication_action_has_a_limit():
    limits = settings.ACCOUNT_RATE_LIMITS
    for action in (
        "login", "login_failed", "login_failed_account", "reauthenticate", "reset_password",
        "reset_password_from_key", "change_password", "signup",
    ):  # fmt: skip
        assert limits.get(action), action
    # Per address and per account, in lengthening windows: never a single short window.
    assert "/ip" in limits["login_failed"] and "/key" in limits["login_failed"]
    assert "/ip" in limits["reset_password"] and "/key" in limits["reset_password"]
    windows = [rule.split("/")[1] for rule in limits["login_failed"].split(",")]
    assert {"m", "15m", "h", "d"} <= set(windows)


def test_password_reset_links_are_limited_per_address():
    guesser = Client()
    url = "/accounts/password/reset/key/1-not-a-key/"
    form = {"password1": "x", "password2": "x"}
    answers = [guesser.post(url, form, REMOTE_ADDR="203.0.113.5").status_code for _ in range(21)]
    assert 429 not in answers[:20]
    assert answers[20] == 429
    # Another address (the owner following a real link) is not held up.
    assert Client().post(url, form, REMOTE_ADDR="198.51.100.7").status_code != 429


def test_the_api_answers_only_a_complete_session():
    """Every API route (each URL pattern under /api/, its arguments filled in) answers 401
    to a staff session signed in by password alone, as to nobody; the credential-issuing
    endpoint beside it sends that session to the second factor."""
    import re

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.urls import URLPattern, URLResolver, get_resolver

    from alliance.accounts.roles import Role
    from tests.factories import PASSWORD, make_user

    def patterns(resolver, prefix=""):  # type: ignore[no-untyped-def]
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                yield from patterns(item, prefix + str(item.pattern))
            elif isinstance(item, URLPattern):
                yield prefix + str(item.pattern)

    api_urls = [
        "/" + re.sub(r"<(?:\w+:)?\w+>", "1", pattern)
        for pattern in patterns(get_resolver())
        if pattern.startswith("api/")
    ]
    assert len(api_urls) >= 8, api_urls
    staff = make_user("staff@example.org", Role.SECRETARIAT)
    TOTP.activate(staff, generate_totp_secret())
    password_only = Client()
    assert password_only.login(email=staff.email, password=PASSWORD)
    for url in api_urls:
        assert password_only.get(url).status_code == 401, url
        assert password_only.post(url, {}).status_code == 401, url
    response = password_only.post("/credentials/issue", {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
