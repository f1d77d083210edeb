"""Accounts: email login with verification, password reset, TOTP for privileged roles."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.test import Client

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
    message = mail.outbox[-1]
    # The e-mail names the alliance, not the host it was served from.
    assert f"Hello from {settings.ALLIANCE_NAME}!" in message.body
    assert "testserver" not in message.body.split("http")[0]
    link = re.search(r"/accounts/confirm-email/\S+/", message.body).group(0)
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


# --- Second factor per session, on every login path (issue 14) -------------------------

STAFF_PAGES = ["/secretariat/intake/", "/dashboard/", "/credentials/keys/", "/diligence/"]
STAFF_API = ["/api/applications", "/api/screening/lists"]


def _staff_with_totp(email="staff@example.org", role=Role.SECRETARIAT):  # type: ignore[no-untyped-def]
    user = make_user(email, role)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _refused(client, user) -> None:  # type: ignore[no-untyped-def]
    """No staff page, admin page or API answers this session."""
    for url in STAFF_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(
            ("/accounts/login/", "/accounts/2fa/reauthenticate/")
        ), (url, response["Location"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(("/admin/login/", "/accounts/2fa/reauthenticate/")), (
        response["Location"]
    )
    for url in STAFF_API:
        assert client.get(url).status_code == 401, url
    # Nor the account pages that would let a password alone swap the factor or the e-mail.
    for url in ["/accounts/2fa/totp/deactivate/", "/accounts/email/", "/accounts/2fa/"]:
        assert client.get(url).status_code == 302, url


def test_site_login_with_password_only_reaches_nothing(client):
    staff, _secret = _staff_with_totp()
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not client.session.get("_auth_user_id")
    _refused(client, staff)


def test_admin_login_goes_through_the_site_sign_in(client):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # Posting the password to the admin's own form signs nobody in.
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not client.session.get("_auth_user_id")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": admin.email, "password": PASSWORD}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_is_held_until_the_second_factor(client):
    """A session signed in by password alone (Django's own login, as the admin form or
    any other path would) reaches no staff page, admin or API until TOTP is entered."""
    staff, secret = _staff_with_totp()
    staff.is_staff = True
    staff.save()
    assert client.login(email=staff.email, password=PASSWORD)
    _refused(client, staff)
    response = client.get("/secretariat/intake/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fsecretariat%2Fintake%2F"
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"code": totp_now(secret)})
    assert response["Location"] == "/secretariat/intake/"
    for url in ["/secretariat/intake/", "/dashboard/", "/credentials/keys/", "/diligence/"]:
        assert client.get(url).status_code in (200, 403), url
    assert client.get("/secretariat/intake/").status_code == 200
    assert client.get("/api/applications").status_code == 200
    assert client.get("/api/screening/lists").status_code == 200


def test_signing_in_by_confirming_the_email_address_reaches_nothing(client):
    """allauth signs a person in when they confirm their address (the site sets
    ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); for staff that is a path without the second
    factor, so the session is held like a password-only one."""
    staff, _secret = _staff_with_totp()
    EmailAddress.objects.filter(user=staff).update(verified=False)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link)
    assert EmailAddress.objects.get(user=staff).verified
    _refused(client, staff)


@pytest.mark.parametrize(
    "role",
    [Role.SECRETARIAT, Role.REVIEWER, Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.ADMINISTRATOR],
)
def test_every_privileged_role_needs_the_second_factor(client, role):
    staff, secret = _staff_with_totp(f"{role}@example.org", role)
    assert client.login(email=staff.email, password=PASSWORD)
    assert client.get("/dashboard/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert client.get("/api/applications").status_code == 401
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_now(secret)})
    assert client.get("/dashboard/").status_code == 200


def test_applicants_need_no_second_factor(client, alice):
    assert client.login(email=alice.email, password=PASSWORD)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/applications").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth records the enrolment on commit
def test_enrolling_totp_in_the_session_completes_the_sign_in(client):
    staff = make_user("new.staff@example.org", Role.SECRETARIAT)
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/secretariat/intake/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get("/api/applications").status_code == 401
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")  # allauth's own step
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert client.get("/secretariat/intake/").status_code == 200


# --- Rate limits: per account and address, progressive, no stranger's lockout --------

TOO_MANY = "Too many failed login attempts"


def _login(client, email, password, ip="127.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_slow_that_address_only(client, alice):
    for _ in range(3):
        assert _login(client, alice.email, "wrong guess").status_code == 200
    refused = _login(client, alice.email, PASSWORD)
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
    # The owner, elsewhere, is not locked out by the guesser.
    owner = Client()
    assert _login(owner, alice.email, PASSWORD, ip="198.51.100.7").status_code == 302


def test_the_delay_grows_with_the_failures(client, alice):
    import time_machine

    with time_machine.travel("2026-03-01 09:00", tick=False) as clock:
        for _ in range(3):
            _login(client, alice.email, "wrong guess")
        assert TOO_MANY in _login(client, alice.email, PASSWORD).content.decode()
        clock.shift(61)  # the first window (3 a minute) has passed
        for _ in range(3):
            _login(client, alice.email, "wrong guess")
        clock.shift(61)  # ...but six in 15 minutes keep the address waiting longer
        assert TOO_MANY in _login(client, alice.email, PASSWORD).content.decode()
        clock.shift(15 * 60)
        assert _login(client, alice.email, PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_are_limited_per_account(client, alice):
    for n in range(50):
        _login(client, alice.email, "wrong guess", ip=f"203.0.113.{n % 25}")
    refused = _login(Client(), alice.email, PASSWORD, ip="198.51.100.7")
    assert TOO_MANY in refused.content.decode()
    # A password reset (proving the mailbox) lifts the account's limit.
    client.post("/accounts/password/reset/", {"email": alice.email}, REMOTE_ADDR="198.51.100.7")
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    response = client.get(link)
    new_password = "a much newer passphrase 42"
    client.post(response["Location"], {"password1": new_password, "password2": new_password})
    assert _login(Client(), alice.email, new_password, ip="198.51.100.7").status_code == 302


def test_one_address_is_limited_across_accounts(client, db):
    for n in range(10):
        _login(client, f"nobody{n}@example.org", "wrong guess", ip="192.0.2.9")
    make_user("someone@example.org")
    refused = _login(client, "someone@example.org", PASSWORD, ip="192.0.2.9")
    assert TOO_MANY in refused.content.decode()


def test_totp_codes_are_rate_limited(client):
    staff, secret = _staff_with_totp()
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    for _ in range(3):
        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    assert response.status_code == 200  # refused, still on the code form
    assert not client.session.get("_auth_user_id")


def test_password_reset_requests_are_rate_limited(client, alice):
    for _ in range(3):
        client.post("/accounts/password/reset/", {"email": alice.email})
    assert len(mail.outbox) == 3
    response = client.post("/accounts/password/reset/", {"email": alice.email})
    assert len(mail.outbox) == 3
    assert response.status_code in (200, 429)


def test_admin_login_is_rate_limited_like_the_site(client, alice):
    """The admin's login is the site's sign-in, so its limits are the same ones."""
    for _ in range(3):
        client.post("/accounts/login/?next=/admin/", {"login": alice.email, "password": "x"})
    assert client.post("/admin/login/", {"username": alice.email, "password": "x"})[
        "Location"
    ].startswith("/accounts/login/")
    assert TOO_MANY in _login(client, alice.email, PASSWORD).content.decode()


def test_signup_links_to_the_privacy_notice(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'href="/privacy/"' in page
    assert "&lt;a" not in page
