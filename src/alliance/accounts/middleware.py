"""Staff and Board roles complete a TOTP second factor in the same session before any
page, API call or admin page (see alliance.accounts.mfa)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alliance.accounts.mfa import has_authenticator, second_factor_missing

NOT_AN_ADMINISTRATOR = "Only administrators can open the administration pages."
ENROL_FIRST = "Enrol a TOTP second factor before using the API."
SECOND_FACTOR_FIRST = "Complete the second factor (TOTP) in this session first."

# Reachable before the second factor: static files, signing out, and the allauth
# pages that complete or (for a first enrolment) set up the factor.
_ALWAYS = ("/static/",)
_ALWAYS_NAMES = ("account_logout", "mfa_reauthenticate", "mfa_authenticate")
_ENROL_NAMES = (
    "account_reauthenticate",  # allauth asks for the password again before enrolment
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
)
ADMIN_LOGIN = "/admin/login/"


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class RequireMFAForPrivilegedRoles:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == ADMIN_LOGIN:
            if request.user.is_authenticated:
                # Signed in but not an administrator: the admin sent them here; say no
                # rather than loop back through the sign-in.
                raise PermissionDenied(_(NOT_AN_ADMINISTRATOR))
            # The admin signs in through the site's own sign-in (rate limits, TOTP).
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
        if request.path.startswith(_ALWAYS) or not second_factor_missing(request):
            return self.get_response(request)
        allowed = {reverse(name) for name in _ALWAYS_NAMES}
        enrolled = has_authenticator(request.user)
        if not enrolled:
            allowed |= {reverse(name) for name in _ENROL_NAMES}
        if request.path in allowed:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            detail = SECOND_FACTOR_FIRST if enrolled else ENROL_FIRST
            return JsonResponse({"detail": _(detail)}, status=401)
        if not enrolled:
            return redirect(_with_next(reverse("mfa_activate_totp"), request))
        return redirect(_with_next(reverse("mfa_reauthenticate"), request))


class UserLanguage:
    """A signed-in person sees the site in the language stored on their account.

    LocaleMiddleware (earlier) picked the language from the cookie the switcher sets or
    from the browser's Accept-Language; once signed in, the account's own choice
    (``User.language``, set through ``user_language_set``) wins, on every device. The
    cookie is brought in line so the choice outlasts signing out on this browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen  # type: ignore[attr-defined]
        response = self.get_response(request)
        if chosen:  # the switcher may just have changed it
            chosen = getattr(request.user, "language", "") or chosen
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
