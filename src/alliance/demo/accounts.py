"""Demo logins: random passwords and TOTP secrets, kept in var/ (never in the repo)."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings

from alliance.accounts.models import RoleGrant, User
from alliance.accounts.roles import MFA_REQUIRED, Role

DEMO_DOMAIN = "demo.alliance.example"


@dataclass
class DemoLogin:
    email: str
    password: str
    role: str
    totp_secret: str | None = None


def logins_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.json"


def load_logins() -> dict[str, DemoLogin]:
    path = logins_path()
    if not path.exists():
        return {}
    return {row["email"]: DemoLogin(**row) for row in json.loads(path.read_text())}


def save_logins(logins: dict[str, DemoLogin]) -> None:
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(x) for x in logins.values()], indent=2))
    path.chmod(0o600)


def ensure_user(
    logins: dict[str, DemoLogin],
    *,
    local: str,
    full_name: str,
    role: Role | None,
    organisation: Any = None,
    label: str | None = None,
    with_password: bool = True,
) -> User:
    """Create (or reuse) a verified demo user with a known password and, where the role
    needs it, a TOTP authenticator. ``with_password=False`` makes an account that can
    only get in by password reset (hashing a password costs about half a second, so
    the demo gives one only to the accounts it prints)."""
    email = f"{local}@{DEMO_DOMAIN}"
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    known = logins.get(email)
    if not with_password and role not in MFA_REQUIRED:
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        known = None
    elif created or known is None:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        known = DemoLogin(email=email, password=password, role=label or (role or "user"))
        logins[email] = known
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if role is not None:
        RoleGrant.objects.get_or_create(user=user, role=role, organisation=organisation)
    if role in MFA_REQUIRED and known is not None:
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if not has_totp or not known.totp_secret:
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            known.totp_secret = generate_totp_secret()
            TOTP.activate(user, known.totp_secret)
    return user
