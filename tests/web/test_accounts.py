"""Accounts: email login with verification, password reset, TOTP for privileged roles."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from alliance.accounts.models import User
from alliance.accounts.roles import Role
from tests.browser.conftest import totp_now
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_signup_requires_email_verification(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_notice": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Unverified accounts cannot sign in yet: they are sent back to verify.
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified


def test_password_reset_sends_a_working_link(client, alice):
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    new_password = "a much newer passphrase 42"
    response = client.post(
        response["Location"], {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_privileged_login_asks_for_the_totp_code(client):
    staff = make_user("staff@example.org", Role.SECRETARIAT)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/secretariat/intake/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200  # wrong code: asked again
    client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    assert client.get("/secretariat/intake/").status_code == 200
