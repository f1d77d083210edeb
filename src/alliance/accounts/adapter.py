"""allauth adapter: sign-in rate limits per account and address, without a lockout that
anyone can trigger.

allauth's default counts failed passwords per e-mail address alone, so five wrong
guesses from anywhere refuse the owner's right password for five minutes. Here a
failure counts against three buckets, each with stepped (progressive) windows set in
``ACCOUNT_RATE_LIMITS`` (see docs/security.md):

- ``login_failed`` per address (``.../ip``) and per account *on that address*
  (``.../key``, the key is account + address): a guesser slows only itself;
- ``login_failed_account`` per account from every address together, with a generous
  limit against guesses spread over many addresses. A password reset (proving the
  mailbox) clears both account buckets.

Its e-mails (address confirmation, password reset, ...) go out in the recipient's own
language (``User.language``); for an address with no account or no choice yet, in the
language of the request that caused them, which is that person's own browser. A
language chosen with the switcher before signing up becomes the new account's choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from alliance.core.i18n import reader_language, site_languages

ACCOUNT_WIDE = "login_failed_account"


@dataclass(frozen=True)
class _Alliance:
    """What allauth's e-mails call ``current_site``: the alliance, not the host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Without the sites framework allauth greets "Hello from 127.0.0.1:8000!".
        site = _Alliance(settings.ALLIANCE_NAME, urlsplit(settings.ALLIANCE_BASE_URL).netloc)
        with translation.override(self._language_of(email, context)):
            super().send_mail(template_prefix, email, {"current_site": site, **context})

    def _language_of(self, email: str, context: dict[str, Any]) -> str:
        from alliance.accounts.models import User

        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        return reader_language(user)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """A visitor who chose a language with the switcher before signing up keeps it:
        the account starts with that choice, so it follows them to any device and the
        platform's notices reach them in it."""
        from alliance.accounts.actions import user_language_set

        user = super().save_user(request, user, form, commit=commit)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if commit and chosen in site_languages() and not user.language:
            user_language_set(actor=user, user=user, language=chosen)
        return user

    def _login(self, credentials: dict[str, Any]) -> str:
        return str(credentials.get("email", credentials.get("username", ""))).lower()

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return f"{self._login(credentials)}@{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        self._account_rl_usage = ratelimit.consume(
            request, app="allauth.account", action=ACCOUNT_WIDE, key=self._login(credentials)
        )
        if not self._account_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            self._account_rl_usage.rollback()
            raise

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action=ACCOUNT_WIDE, key=self._login(credentials)
        )
