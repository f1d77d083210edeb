"""Board and public governance pages render, check permissions, and vote through htmx."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.governance import actions
from alliance.governance.models import MotionKind, Vote
from tests.factories import ready_application, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def motion(board, carla, alice, sam):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit Amani Aid",
        text="Admit.",
        today=timezone.localdate(),
        application=ready_application(alice, sam),
        deadline=timezone.localdate() + timedelta(days=14),
    )


def test_public_rules_and_decisions_pages(client, board, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(12):
        page = client.get(reverse("governance:rules"))
    assert page.status_code == 200 and "Version 1" in page.content.decode()
    assert client.get(reverse("governance:decisions")).status_code == 200


def test_board_pages_need_board_papers(client, alice, motion):  # type: ignore[no-untyped-def]
    sign_in(client, alice)
    assert client.get(reverse("governance:board")).status_code == 403
    assert client.get(reverse("governance:motion", args=[motion.pk])).status_code == 403


def test_member_votes_with_htmx(client, ben, motion):  # type: ignore[no-untyped-def]
    sign_in(client, ben)
    page = client.get(reverse("governance:motion", args=[motion.pk]))
    assert "Vote for" in page.content.decode()
    response = client.post(
        reverse("governance:motion_vote", args=[motion.pk]),
        {"choice": "against"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<strong>1</strong> against" in response.content.decode()
    assert Vote.objects.get(motion=motion, member=ben).choice == "against"


def test_chair_pages(client, carla, motion):  # type: ignore[no-untyped-def]
    sign_in(client, carla)
    for name in (
        "governance:board",
        "governance:motion_new",
        "governance:interests",
        "governance:notifications",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_organisation_page_shows_motions_and_notice_link(client, carla, motion):  # type: ignore[no-untyped-def]
    sign_in(client, carla)
    page = client.get(reverse("web:organisation_detail", args=[motion.application.organisation_id]))
    assert "Admit Amani Aid" in page.content.decode()


def test_decisions_page_lists_closed_motions_and_earlier_decisions(
    client, board, carla, ben, members, alice, bob, sam, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    admitted_partnership(bob, sam, legal_name="Early Partner")
    m = actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit Amani Aid",
        text="Admit.",
        today=timezone.localdate(),
        application=ready_application(alice, sam),
        deadline=timezone.localdate() + timedelta(days=14),
    )
    for voter in [carla, ben, *members]:
        actions.vote_cast(actor=voter, motion=m, choice="for")
    actions.motion_close(actor=carla, motion=m, today=timezone.localdate())
    with django_assert_max_num_queries(8):
        page = client.get(reverse("governance:decisions")).content.decode()
    assert "Admit Amani Aid" in page and "Early Partner" in page


def test_motion_page_shows_the_tally_reasoning_in_french(client, ben, motion):  # type: ignore[no-untyped-def]
    ben.language = "fr"
    ben.save(update_fields=["language"])
    sign_in(client, ben)
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert "Décompte : 0 pour, 0 contre, 0 abstention(s)." in page
    assert "Le vote est ouvert : à titre provisoire, la motion échoue faute de quorum." in page
    assert "Counted: 0 for" not in page


def test_motion_page_names_the_votes_in_its_history_and_leaks_no_template_comment(
    client, ben, motion
):  # type: ignore[no-untyped-def]
    """The record of votes cast and changed says "For", "changed from Against to For" in
    the reader's language, not the stored codes; the template's note stays a comment."""
    actions.vote_cast(actor=ben, motion=motion, choice="against")
    actions.vote_cast(actor=ben, motion=motion, choice="for")
    sign_in(client, ben)
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert "Ben Board: Against</li>" in page
    assert "Ben Board: changed from Against to For</li>" in page
    assert "{#" not in page and "mover's language" not in page
    ben.language = "fr"
    ben.save(update_fields=["language"])
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert "Ben Board: Contre</li>" in page
    assert ": against</li>" not in page and "to for</li>" not in page


def test_board_page_links_declared_interests_only_for_those_who_vote(client, sam, ben, motion):  # type: ignore[no-untyped-def]
    """The secretariat reads the Board's page but has no interests to declare: no link
    to a page that would refuse it."""
    interests = reverse("governance:interests")
    sign_in(client, sam)
    assert interests not in client.get(reverse("governance:board")).content.decode()
    assert client.get(interests).status_code == 403
    sign_in(client, ben)
    assert interests in client.get(reverse("governance:board")).content.decode()


def test_your_vote_is_named_in_words_on_the_page_and_after_an_htmx_vote(client, ben, motion):  # type: ignore[no-untyped-def]
    ben.language = "fr"
    ben.save(update_fields=["language"])
    sign_in(client, ben)
    response = client.post(
        reverse("governance:motion_vote", args=[motion.pk]),
        {"choice": "against"},
        HTTP_HX_REQUEST="true",
    )
    assert '<strong class="gov-my-vote">Contre</strong>' in response.content.decode()
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert '<strong class="gov-my-vote">Contre</strong>' in page
    assert '"gov-my-vote">against<' not in page


def test_htmx_vote_redraws_the_votes_table_record_and_next_step_out_of_band(client, ben, motion):  # type: ignore[no-untyped-def]
    sign_in(client, ben)
    url = reverse("governance:motion_vote", args=[motion.pk])
    first = client.post(url, {"choice": "for"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<div id="motion-votes" hx-swap-oob="true">' in first
    assert '<span class="next-step" id="motion-next-step" hx-swap-oob="true">' in first
    assert "No votes yet." not in first
    assert "Cast your vote below" not in first  # ben has voted: the step moved on
    response = client.post(url, {"choice": "against"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>0</strong> for · <strong>1</strong> against" in body
    votes = body[body.index('<div id="motion-votes"') :]
    assert f'<th scope="row">{ben.display_name}</th><td>Against</td>' in votes
    assert "changed from For to Against" in votes  # the record of votes cast and changed


def test_plain_vote_post_still_redirects_to_the_motion_page(client, ben, motion):  # type: ignore[no-untyped-def]
    sign_in(client, ben)
    response = client.post(reverse("governance:motion_vote", args=[motion.pk]), {"choice": "for"})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:motion", args=[motion.pk])
    page = client.get(response["Location"]).content.decode()
    assert "hx-swap-oob" not in page
    assert f'<th scope="row">{ben.display_name}</th><td>For</td>' in page
    assert Vote.objects.get(motion=motion, member=ben).choice == "for"


def test_a_vote_from_a_stale_tab_is_refused_and_a_change_is_said_plainly(client, ben, motion):  # type: ignore[no-untyped-def]
    """Walk 3: Ben voted For in tab A, then pressed Against on tab B, opened before; the
    vote was silently replaced. A form carries the vote its page showed: from a stale
    page a different choice is refused (ERR_VOTE_STALE), nothing written; from a current
    page the change is recorded, said plainly, and audited with the vote it replaces."""
    from django.utils.html import escape

    from alliance.core.models import AuditEvent
    from alliance.governance.actions import ERR_VOTE_STALE
    from alliance.governance.models import Vote, VoteChoice, VoteEvent
    from alliance.governance.views import VOTE_REPLACED

    sign_in(client, ben)
    url = reverse("governance:motion_vote", args=[motion.pk])
    tab_b = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert '<input type="hidden" name="seen" value="">' in tab_b
    client.post(url, {"choice": "for", "seen": ""}, HTTP_HX_REQUEST="true")  # tab A
    stale = client.post(url, {"choice": "against", "seen": ""}, HTTP_HX_REQUEST="true")
    page = stale.content.decode()
    refused = escape(str(ERR_VOTE_STALE).format(current=VoteChoice.FOR.label))
    assert f'<p class="error" role="alert">{refused}</p>' in page
    assert Vote.objects.get(motion=motion, member=ben).choice == "for"
    assert VoteEvent.objects.filter(motion=motion, member=ben).count() == 1
    # The panel redrawn shows the vote as it is; pressing again from it changes the vote.
    assert '<input type="hidden" name="seen" value="for">' in page
    changed = client.post(url, {"choice": "against", "seen": "for"}, HTTP_HX_REQUEST="true")
    said = str(VOTE_REPLACED).format(choice="Against", previous="For")
    assert escape(said) in changed.content.decode()
    assert Vote.objects.get(motion=motion, member=ben).choice == "against"
    audit = AuditEvent.objects.filter(verb="vote.changed", object_id=str(motion.pk)).get()
    assert audit.before == {"choice": "for"} and audit.after == {"choice": "against"}
    # Without htmx: the refusal is a message on the motion's page.
    response = client.post(url, {"choice": "abstain", "seen": "for"}, follow=True)
    assert escape(str(ERR_VOTE_STALE).format(current="Against")) in response.content.decode()
    assert Vote.objects.get(motion=motion, member=ben).choice == "against"
