from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded evidence goes to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partner(alice, sam):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    return admitted_partnership(alice, sam)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """Sign a user in; privileged roles get an authenticator first (the site requires one)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from alliance.accounts.selectors import needs_mfa

    def sign_in(user):  # type: ignore[no-untyped-def]
        if needs_mfa(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
        return client

    return sign_in
