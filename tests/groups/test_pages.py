"""Group pages: public reading, members act, overdue answers shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.groups.test_groups import SENT, _adopted

pytestmark = pytest.mark.django_db


def test_public_group_and_recommendation_pages(
    client, group, people, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    sent = _adopted(group, people)
    with django_assert_max_num_queries(10):
        listing = client.get(reverse("groups:list"))
    assert group.name in listing.content.decode()
    detail = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "Advise on data protection." in detail and "Draft a recommendation" not in detail
    with (
        time_machine.travel(sent.answer_due + timedelta(days=1), tick=False),
        django_assert_max_num_queries(10),
    ):
        page = client.get(reverse("groups:recommendations")).content.decode()
    assert "grp-overdue" in page
    with time_machine.travel(sent.answer_due, tick=False):
        assert "grp-overdue" not in client.get(reverse("groups:recommendations")).content.decode()


def test_member_drafts_and_votes(client, group, people):  # type: ignore[no-untyped-def]
    client.force_login(people[1])
    client.post(
        reverse("groups:add", args=[group.slug, "draft"]),
        {"title": "Consent first", "text": "Ask before you collect."},
    )
    rec = group.recommendations.get(title="Consent first")
    assert rec.drafted_on is not None
    assert client.get(reverse("groups:recommendation", args=[rec.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("groups:recommendation", args=[rec.pk])).status_code == 404


def test_board_answers_from_the_page(client, group, people, carla):  # type: ignore[no-untyped-def]
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    sent = _adopted(group, people)
    TOTP.activate(carla, generate_totp_secret())
    client.force_login(carla)
    page = client.get(reverse("groups:recommendation", args=[sent.pk])).content.decode()
    assert "this opens a motion the Board votes on" in page
    response = client.post(
        reverse("governance:recommendation_answer", args=[sent.pk]),
        {"answer": "declined", "reasons": "Out of scope for the alliance."},
    )
    # The answer is a Board decision: a motion opens; it is recorded once the motion passes.
    from alliance.governance.actions import motion_close, vote_cast
    from alliance.governance.models import Motion

    motion = Motion.objects.get(recommendation=sent)
    assert response.url == reverse("governance:motion", args=[motion.pk])
    sent.refresh_from_db()
    assert sent.answer == ""
    vote_cast(actor=carla, motion=motion, choice="for", today=SENT)
    # The fixture's Board has one seat, quorate alone: the motion passes and only then
    # is the answer recorded on the recommendation.
    closed = motion_close(actor=carla, motion=motion, today=SENT)
    assert closed.outcome_words == "Passed"
    sent.refresh_from_db()
    assert sent.answer == "declined"
    assert SENT
