"""One notification module: every e-mail's links are absolute, from ALLIANCE_BASE_URL."""

from __future__ import annotations

import re

import pytest

from alliance.core.notifications import absolute_url, notify

pytestmark = pytest.mark.django_db

BASE = "https://alliance.example.org"


def _links(body: str) -> list[str]:
    return re.findall(r"(?:https?://|/)\S*/\S*", body)


def test_absolute_url_joins_paths_to_the_base_and_keeps_absolute_ones(settings):
    settings.ALLIANCE_BASE_URL = BASE + "/"
    assert absolute_url("/board/motions/7/") == f"{BASE}/board/motions/7/"
    assert absolute_url("https://other.example/x") == "https://other.example/x"
    assert absolute_url("") == ""


def test_notify_stores_the_notice_and_mails_an_absolute_link(
    settings, ben, carla, mailoutbox, django_capture_on_commit_callbacks
):
    from alliance.governance.models import Notification

    settings.ALLIANCE_BASE_URL = BASE
    with django_capture_on_commit_callbacks(execute=True):
        told = notify([ben, carla, ben], kind="motion.opened", text="Vote", url="/board/")
    assert told == 2
    assert Notification.objects.filter(kind="motion.opened", url="/board/").count() == 2
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert f"{BASE}/board/" in mail.body
        assert all(link.startswith(BASE) for link in _links(mail.body)), mail.body


def test_information_request_mail_links_are_absolute(
    settings, alice, sam, mailoutbox, django_capture_on_commit_callbacks
):
    from alliance.diligence import actions
    from tests.diligence.test_cases import case_for

    settings.ALLIANCE_BASE_URL = BASE
    case = case_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.info_request_send(
            actor=sam, case=case, question="Send the 2025 accounts."
        )
    assert mailoutbox, "no mail sent"
    body = mailoutbox[-1].body
    assert f"{BASE}/organisations/{case.organisation_id}/" in body
    assert all(link.startswith(BASE) for link in _links(body)), body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.info_request_answer(actor=alice, request=request, answer="Attached.")
    assert f"{BASE}/diligence/cases/{case.pk}/" in mailoutbox[-1].body
    assert all(link.startswith(BASE) for link in _links(mailoutbox[-1].body))
