"""The page where the secretariat or the chair puts a new tier schedule to the Board."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.core.errors import NotAllowed
from alliance.engines import tiers as engine
from alliance.funding import actions
from alliance.funding.models import TierScheduleVersion
from alliance.governance.models import Motion, MotionKind
from tests.funding.board import decide, seat_board

pytestmark = pytest.mark.django_db
URL = "/funding/schedule/propose/"


def _proposal(**changes):  # type: ignore[no-untyped-def]
    schedule = dict(TierScheduleVersion.objects.get(number=1).schedule)
    schedule["version"] = "2027-1"
    today = timezone.localdate()
    data = {
        "title": "Adopt the 2027 tier schedule",
        "text": "Costs have risen; the floor goes up.",
        "schedule": json.dumps({**schedule, "floor": "750"}),
        "effective_from": (today + timedelta(days=60)).isoformat(),
        "partnership_period_years": "3",
        "deadline": (today + timedelta(days=14)).isoformat(),
    }
    return {**data, **changes}


def test_the_url_is_the_named_route() -> None:
    assert reverse("governance:tier_schedule_propose") == URL


def test_only_the_secretariat_and_the_chair_may_propose(client, login, alice, ben) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302  # to sign in
    login(alice)
    assert client.get(URL).status_code == 403
    login(ben)  # a Board member votes on it but does not put it
    assert client.get(URL).status_code == 403
    assert client.post(URL, _proposal()).status_code == 403
    assert not Motion.objects.exists()


def test_the_form_starts_from_the_schedule_in_force(client, login, sam) -> None:  # type: ignore[no-untyped-def]
    response = login(sam).get(URL)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert json.loads(initial["schedule"]) == TierScheduleVersion.objects.get(number=1).schedule
    assert 'name="schedule"' in response.content.decode()


def test_a_valid_proposal_opens_a_motion_and_adopts_nothing_yet(  # type: ignore[no-untyped-def]
    client, login, sam, carla, ada
) -> None:
    voters = seat_board(ada, carla)
    response = login(sam).post(URL, _proposal())
    motion = Motion.objects.get(kind=MotionKind.TIER_SCHEDULE)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:motion", args=[motion.pk])
    assert motion.proposed_schedule["floor"] == "750"
    assert TierScheduleVersion.objects.count() == 1
    page = client.get(reverse("governance:motion", args=[motion.pk])).content.decode()
    assert "Proposed tier schedule" in page

    decide(motion, carla, voters, "for", timezone.localdate())
    version = TierScheduleVersion.objects.get(number=2)
    public = client.get(reverse("governance:tier_schedule")).content.decode()
    assert f"Motion #{motion.pk}" in public and f"Decision #{version.board_decision_id}" in public


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("{not json", "This is not valid JSON (line 1"),
        ('{"format": "nope"}', "The proposed tier schedule is not valid: not a tier schedule"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_an_invalid_schedule_is_shown_back_with_the_reason(  # type: ignore[no-untyped-def]
    client, login, sam, carla, ada, schedule, message
) -> None:
    seat_board(ada, carla)
    response = login(sam).post(URL, _proposal(schedule=schedule))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Motion.objects.exists()


def test_refusals_from_the_motion_land_on_their_field(client, login, sam, carla, ada) -> None:  # type: ignore[no-untyped-def]
    seat_board(ada, carla)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = login(sam).post(URL, _proposal(effective_from=yesterday))
    assert response.context["form"].errors["effective_from"]
    response = client.post(URL, _proposal(deadline=""))
    assert response.context["form"].non_field_errors()
    assert not Motion.objects.exists()


def test_the_public_page_links_the_proposal_only_for_those_allowed(client, login, sam) -> None:  # type: ignore[no-untyped-def]
    link = f'href="{URL}"'
    assert link not in client.get(reverse("governance:tier_schedule")).content.decode()
    page = login(sam).get(reverse("governance:tier_schedule")).content.decode()
    assert link in page and 'id="schedule-history"' in page


def test_no_view_adopts_directly(sam) -> None:  # type: ignore[no-untyped-def]
    """Views only open motions; the adoption action refuses anyone without a passed motion."""
    import inspect

    from alliance.funding import api, views
    from alliance.governance import views as board_views

    for module in (views, api, board_views):
        assert "tier_schedule_adopt" not in inspect.getsource(module)
    with pytest.raises(NotAllowed) as refused:
        actions.tier_schedule_adopt(
            actor=sam, schedule=engine.default_schedule(), decision_note="Resolution 9"
        )
    assert refused.value.message == actions.ERR_NEEDS_PASSED_MOTION
    assert TierScheduleVersion.objects.count() == 1
