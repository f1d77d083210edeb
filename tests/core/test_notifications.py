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


def test_board_and_partner_mails_from_the_real_actions_carry_absolute_links(
    settings,
    ada,
    carla,
    ben,
    alice,
    sam,
    mailoutbox,
    django_capture_on_commit_callbacks,
    tmp_path,
):  # type: ignore[no-untyped-def]
    """A motion opened (to every seated member) and a due-process notice (to the
    partner): the links name the motion and the notice on ALLIANCE_BASE_URL."""
    from datetime import date, timedelta

    from alliance.governance import actions
    from alliance.governance.models import MotionKind, NoticeKind
    from tests.factories import admitted_partnership, ready_application
    from tests.governance.conftest import seat

    actions.rules_seed_first(
        actor=ada,
        rules={"quorum_minimum": 1},
        adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben)],
    )
    settings.ALLIANCE_BASE_URL = BASE
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    today = date(2026, 3, 2)
    application = ready_application(alice, sam)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        motion = actions.motion_open(
            actor=carla,
            kind=MotionKind.DECLINE,
            title="",
            text="",
            today=today,
            application=application,
            deadline=today + timedelta(days=14),
        )
    to_ben = [m for m in mailoutbox if ben.email in m.to]
    assert to_ben and f"{BASE}/board/motions/{motion.pk}/" in to_ben[0].body
    assert all(link.startswith(BASE) for m in mailoutbox for link in _links(m.body))
    partner = admitted_partnership(alice, sam, legal_name="Other Aid")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = actions.notice_send(
            actor=carla,
            partnership=partner,
            kind=NoticeKind.SUSPENSION,
            reasons="Late reports.",
            today=today,
        )
    to_alice = [m for m in mailoutbox if alice.email in m.to]
    assert to_alice and f"{BASE}/board/notices/{notice.pk}/" in to_alice[0].body
    assert all(link.startswith(BASE) for m in mailoutbox for link in _links(m.body))


def test_the_inbox_reads_in_the_language_of_the_page_whatever_the_notice_was_sent_in(
    ben, django_capture_on_commit_callbacks
):
    """The notice is stored in the recipient's language (the e-mail's) and kept in the
    site's other languages, so switching the site's language switches the inbox too."""
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from alliance.governance.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        notify([ben], kind="test", text=gettext_lazy("Sign in"))
    notice = Notification.objects.get(user=ben, kind="test")
    assert notice.text == "Sign in"  # ben chose no language: the site's, English
    for language in ("fr", "es", "ar"):
        with translation.override(language):
            assert notice.text_shown == str(gettext_lazy("Sign in")) != "Sign in"
    with translation.override("en-gb"):
        assert notice.text_shown == "Sign in"


def test_a_refusal_says_what_was_refused_in_the_language_of_the_page(ben):
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from alliance.core.permissions import Perm, require

    with pytest.raises(PermissionDenied) as refused:
        require(ben, Perm.ADMINISTER)
    with translation.override("en-gb"):
        assert str(refused.value) == "You may not administer here."
    with translation.override("fr"):
        assert str(refused.value) == "Vous ne pouvez pas administrer la plateforme ici."
