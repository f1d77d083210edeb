"""The language switcher's target (``_language_switcher.html``, on every page).

Django's ``set_language`` sets the language cookie and sends the visitor back to the
page they were on; a signed-in person's choice is also stored on their account
(``accounts.actions.user_language_set``, audited), so it follows them to every device.

A visitor who is not signed in posts without a CSRF token: the switcher is on the
log-derived public pages, which are cached for every visitor and so cannot carry one
visitor's token (alliance.web.pagecache). All such a cross-site post could do is set the
language cookie. A signed-in person's post writes to their account, so it is checked
for the token like every other write.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from alliance.accounts.actions import user_language_set
from alliance.core.i18n import site_languages


def _csrf_refusal(request: HttpRequest) -> HttpResponseBase | None:
    def _unused(_request: HttpRequest) -> HttpResponseBase:
        raise AssertionError  # pragma: no cover - process_view never calls it

    return CsrfViewMiddleware(_unused).process_view(request, django_set_language, (), {})


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        refusal = _csrf_refusal(request)
        if refusal is not None:
            return refusal
        language = request.POST.get("language", "")
        if language in site_languages():
            user_language_set(actor=request.user, user=request.user, language=language)
    return django_set_language(request)
