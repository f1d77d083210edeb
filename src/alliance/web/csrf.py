"""A page for a form refused by the CSRF check, not Django's bare English "Forbidden (403)
CSRF verification failed. Request aborted. More information is available with
DEBUG=True." (walk 4: a form left open in one tab after signing out and in again in
another, whose token the new sign-in rotated). The API keeps Django's own answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.csrf import csrf_failure as django_csrf_failure


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return django_csrf_failure(request, reason=reason)  # its own template, not ours
    return render(request, "web/csrf_refused.html", status=403)
