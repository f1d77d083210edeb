"""The second factor, per session: who must use one, and whether this session did.

allauth keeps a record of every authentication method used in the session
(``get_authentication_records``). A privileged person's session counts as signed in
only once an ``mfa`` record is there: a password alone (at any login path) is not
enough, and neither is an authenticator that merely exists on the account.
"""

from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest

from alliance.accounts.selectors import needs_mfa

MFA_METHOD = "mfa"


def has_authenticator(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_second_factor(request: HttpRequest) -> bool:
    """True when this session completed a second factor for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(r.get("method") == MFA_METHOD for r in get_authentication_records(request, user))


def second_factor_missing(request: HttpRequest) -> bool:
    """A signed-in person whose roles need a second factor, without one in this session."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and needs_mfa(user)
        and not session_used_second_factor(request)
    )


def record_enrolment(request: HttpRequest | None, user: Any, authenticator: Any) -> None:
    """Activating TOTP proves the device with a valid code: count it for this session."""
    if request is None or getattr(getattr(request, "user", None), "pk", None) != user.pk:
        return
    if getattr(authenticator, "type", None) != "totp":
        return
    record_authentication(request, user, MFA_METHOD, id=authenticator.pk, type="totp")
