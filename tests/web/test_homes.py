"""A home per role (web.home): each lists what needs that person now, most urgent first,
within a pinned number of queries; a person with several roles sees each section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.diligence import actions as dd
from alliance.diligence.selectors import current_admission_case
from alliance.governance import actions as gov
from alliance.governance.models import MotionKind
from alliance.groups import actions as groups
from alliance.web.home import home_sections
from tests.core.test_selectors_read_only import read_only
from tests.factories import complete_case, make_user, ready_application, submitted_application
from tests.governance.conftest import seat

pytestmark = pytest.mark.django_db


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find('<section class="home-section"', start + 1)
    return page[start : end if end != -1 else len(page)]


@pytest.fixture
def alliance_at_work(alice, bob, sam, rita, carla, ben, gus, ada):  # type: ignore[no-untyped-def]
    """A new submission (Amani Aid), a case prepared by Sam (Prepared Org), an application
    ready for the Board with its admission motion open (Ready Org), and a group Gus chairs
    with a draft in it."""
    today = timezone.localdate()
    new = submitted_application(alice, "Amani Aid")
    prepared = submitted_application(make_user("pia@prepared.example"), "Prepared Org")
    case = complete_case(current_admission_case(prepared), sam)
    dd.case_prepare(actor=sam, case=case)
    ready = ready_application(bob, sam, "Ready Org")
    gov.rules_seed_first(
        actor=ada,
        rules={"quorum_minimum": 2},
        adopted_on=today,
        seats=[seat(carla, chair=True), seat(ben)],
    )
    motion = gov.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit Ready Org",
        text="Diligence is complete.",
        today=today,
        application=ready,
        deadline=today + timedelta(days=14),
    )
    group = groups.group_create(
        actor=sam, name="Inclusion", kind="working_group", charter="Inclusion.", today=today
    )
    groups.chair_appoint(actor=sam, group=group, user=gus, organisation=None, today=today)
    groups.recommendation_draft(
        actor=gus, group=group, title="Offline first", text="Work offline.", today=today
    )
    return {"new": new, "prepared": prepared, "ready": ready, "motion": motion}


def test_secretariat_home_puts_new_submissions_first(
    client, login, sam, alliance_at_work, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    login(sam)
    client.get("/dashboard/")  # the session and notice prompt settle
    # 32: the secretariat's lists are one query each whatever their length (the cases'
    # steps too: diligence.selectors.open_cases_by_step), plus the panels below them.
    with django_assert_max_num_queries(32):
        page = client.get("/dashboard/").content.decode()
    mine = _section(page, "home-secretariat")
    new = mine[mine.index('id="home-new-submissions"') :]
    assert new.index("Prepared Org") < new.index("Amani Aid")  # newest submission first
    assert "Ready Org" not in mine[: mine.index("Cases by step")]
    amani = new[new.index("Amani Aid") :]
    assert amani.index("Next: record the step “Background and self-disclosure”") < 400
    prepared = new[new.index("Prepared Org") :]
    assert prepared.index("Next: a reviewer other than the preparer signs its case off.") < 400
    assert "Cases by step" in mine and "Awaiting sign-off</strong> (1)" in mine
    assert "Ready Org" in mine[mine.index('id="home-ready"') :]
    assert 'id="home-reviewer"' not in page and 'id="home-board"' not in page


def test_reviewer_home_lists_the_case_to_sign_off(
    client, login, rita, alliance_at_work, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    login(rita)
    client.get("/dashboard/")
    with django_assert_max_num_queries(14):
        page = client.get("/dashboard/").content.decode()
    to_sign = _section(page, "home-reviewer")
    assert "Prepared Org" in to_sign and "Prepared by Sam Secretariat" in to_sign
    assert "Amani Aid" not in to_sign


def test_board_homes_list_the_motion_to_vote_until_voted_and_the_chair_closes(
    client, login, carla, ben, alliance_at_work, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    motion = alliance_at_work["motion"]
    login(ben)
    client.get("/dashboard/")
    with django_assert_max_num_queries(19):
        page = client.get("/dashboard/").content.decode()
    board = _section(page, "home-board")
    assert "Board member" in board and f"/board/motions/{motion.pk}/" in board
    assert "Next: cast your vote by" in board and "Open motions to close" not in board
    gov.vote_cast(actor=ben, motion=motion, choice="for", today=timezone.localdate())
    board = _section(client.get("/dashboard/").content.decode(), "home-board")
    assert "No motion waits for your vote." in board
    login(carla)
    board = _section(client.get("/dashboard/").content.decode(), "home-board")
    assert "Board chair" in board
    assert f"/board/motions/{motion.pk}/" in board[board.index('id="home-to-vote"') :]
    assert f"/board/motions/{motion.pk}/" in board[board.index('id="home-to-close"') :]
    assert 'id="home-ready-for-motion"' not in board  # Ready Org's motion is open


def test_group_chair_home_lists_its_groups_drafts(
    client, login, gus, alliance_at_work, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    login(gus)
    client.get("/dashboard/")
    with django_assert_max_num_queries(13):
        page = client.get("/dashboard/").content.decode()
    chair = _section(page, "home-group-chair")
    assert "Inclusion" in chair and "Offline first" in chair
    assert "Next: open the group&#x27;s vote" in chair or "Next: open the group's vote" in chair


def test_a_person_with_several_roles_sees_each_section(client, login, ben, alliance_at_work):  # type: ignore[no-untyped-def]
    RoleGrant.objects.create(user=ben, role=Role.SECRETARIAT)
    RoleGrant.objects.create(user=ben, role=Role.REVIEWER)
    login(ben)
    page = client.get("/dashboard/").content.decode()
    for anchor in ("home-secretariat", "home-reviewer", "home-board"):
        assert f'id="{anchor}"' in page, anchor
    assert 'aria-label="Your roles"' in page  # a table of contents of the sections


def test_sections_with_something_late_come_first(ben, sam, alliance_at_work):  # type: ignore[no-untyped-def]
    RoleGrant.objects.create(user=ben, role=Role.SECRETARIAT)
    today = timezone.localdate()
    # The motion's deadline passes: the Board section has something late.
    sections = home_sections(ben, today + timedelta(days=30))
    assert sections[0].key == "board" and sections[0].late >= 1
    assert {s.key for s in home_sections(ben, today)} == {"secretariat", "board"}


def test_the_homes_only_read(alice, sam, rita, carla, ben, gus, alliance_at_work):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    with read_only():
        for user in (alice, sam, rita, carla, ben, gus):
            assert home_sections(user, today), user


def test_partner_home_shows_tier_pledges_notice_and_groups(client, login, sam, alice):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    admitted_partnership(alice, sam, legal_name="Amani Aid")
    login(alice)
    page = client.get("/dashboard/").content.decode()
    partner = _section(page, "home-partner")
    assert "Partnership of Amani Aid" in partner and "Tier" in partner
    assert "Pledges and receipts" in partner and "Your groups" in partner
    assert "Partnership credential of Amani Aid" in partner
    assert 'id="home-applicant"' not in page  # the admitted application lives on here


def test_intake_opens_on_needs_action_newest_first(client, login, sam, alice, bob):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    first = submitted_application(alice, "First Org")
    second = submitted_application(bob, "Second Org")
    admitted_partnership(make_user("old@partner.example"), sam, legal_name="Old Partner")
    login(sam)
    page = client.get("/secretariat/intake/").content.decode()
    assert page.index("Second Org") < page.index("First Org")
    assert "Old Partner" not in page
    assert '<option value="needs_action" selected>' in page
    everything = client.get("/secretariat/intake/?status=").content.decode()
    assert "Old Partner" in everything and "First Org" in everything
    approved = client.get("/secretariat/intake/?status=approved").content.decode()
    assert "Old Partner" in approved and "First Org" not in approved
    assert first.pk != second.pk


class _Message:
    def __init__(self, level: int, tag: str, text: str) -> None:
        self.level, self.level_tag, self.text = level, tag, text

    def __str__(self) -> str:
        return self.text


def test_message_levels_are_styled_apart_and_named_in_words():
    html = render_to_string(
        "base.html",
        {
            "messages": [
                _Message(25, "success", "Saved."),
                _Message(30, "warning", "Far below the recommendation."),
                _Message(40, "error", "Could not save."),
            ]
        },
    )
    assert '<p class="message success" role="status">Saved.</p>' in html
    assert (
        '<p class="message warning" role="alert"><strong class="message-label">Warning:</strong>'
        " Far below the recommendation.</p>" in html
    )
    assert (
        '<p class="message error" role="alert"><strong class="message-label">Error:</strong>'
        " Could not save.</p>" in html
    )
