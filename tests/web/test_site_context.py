"""The header's context (web.context.site) runs once per request, per person and language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from alliance.web import context
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_second_render_in_the_same_request_reuses_the_header(monkeypatch):
    calls: list[object] = []
    real = context._site
    monkeypatch.setattr(context, "_site", lambda request: calls.append(request) or real(request))
    request = RequestFactory().get("/dashboard/")
    request.user = make_user("memo@example.org")
    first = context.site(request)
    assert context.site(request) is first
    assert len(calls) == 1


def test_another_person_or_language_recomputes_it(monkeypatch):
    calls: list[object] = []
    real = context._site
    monkeypatch.setattr(context, "_site", lambda request: calls.append(request) or real(request))
    request = RequestFactory().get("/")
    request.user = make_user("memo@example.org")
    context.site(request)
    with translation.override("fr"):
        context.site(request)
    request.user = AnonymousUser()  # signed out within the request
    context.site(request)
    assert len(calls) == 3
    # And a fresh request starts afresh.
    other = RequestFactory().get("/")
    other.user = AnonymousUser()
    context.site(other)
    assert len(calls) == 4
