"""Policies as versioned data: the shipped default, another policy, new versions; a case
keeps its version and a signed case never changes."""

from __future__ import annotations

import copy

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.diligence import actions
from alliance.diligence.models import Policy, PolicyVersion
from alliance.diligence.policies import default_policy_version, engine_policy
from alliance.engines.risk import default_undp_policy, policy_to_data
from tests.diligence.helpers import case_for, signed_case

pytestmark = pytest.mark.django_db


def test_the_default_is_created_once_on_first_use() -> None:
    first = default_policy_version()
    assert default_policy_version() == first
    assert Policy.objects.count() == PolicyVersion.objects.count() == 1
    assert engine_policy(first).criteria == default_undp_policy().criteria


def stricter(data: dict) -> dict:  # type: ignore[type-arg]
    """The same rules with a severe alleged controversy worth 6 points."""
    data = copy.deepcopy(data)
    data["controversy_points"]["severe/alleged"] = 6
    return data


def test_a_new_version_never_changes_a_case_on_the_old_one(alice, bob, sam, rita) -> None:
    signed = signed_case(case_for(alice, type="company"), sam, rita)
    open_case = case_for(bob, "Other Org", type="company")
    frozen = dict(signed.assessment)
    v2 = actions.policy_version_add(
        actor=sam,
        policy=signed.policy_version.policy,
        data=stricter(signed.policy_version.data),
        note="Severe allegations weigh more.",
    )
    assert v2.number == 2
    # Both existing cases keep version 1: the open one is assessed under it too.
    actions.controversy_add(
        actor=sam,
        case=open_case,
        title="Alleged spyware sale",
        source_url="https://news.example.org/a",
        severity="severe",
        status="alleged",
    )
    open_case.refresh_from_db()
    assert open_case.policy_version.number == 1
    assert open_case.assessment["points"] == 3 + 2  # alleged severe, and no ESG evidence
    signed.refresh_from_db()
    assert signed.assessment == frozen and signed.policy_version.number == 1
    # A revision of the signed case stays on its version as well.
    revision = actions.case_revise(actor=sam, case=signed, reason="Check again.")
    assert revision.policy_version.number == 1
    # A case opened now uses the new version.
    from tests.factories import make_user

    carol = make_user("carol@new.example")
    new_case = case_for(carol, "New Org", type="company")
    assert new_case.policy_version == v2
    actions.controversy_add(
        actor=sam,
        case=new_case,
        title="Alleged spyware sale",
        source_url="https://news.example.org/a",
        severity="severe",
        status="alleged",
    )
    new_case.refresh_from_db()
    assert new_case.assessment["points"] == 6 + 2 and new_case.level == "high"
    assert "version 2" in new_case.assessment["reasoning"][0]


def test_the_secretariat_adds_another_policy(alice, sam, rita) -> None:
    data = policy_to_data(default_undp_policy())
    data["criteria"] = data["criteria"][:3]  # a narrower policy, for the test
    with pytest.raises(NotAllowed):
        actions.policy_add(actor=rita, code="unicef-2024", title="UNICEF", data=data)
    version = actions.policy_add(
        actor=sam, code="unicef-2024", title="UNICEF-style policy", data=data, make_default=True
    )
    assert version.number == 1
    assert Policy.objects.get(is_default=True).code == "unicef-2024"
    case = case_for(alice)
    assert case.policy_version == version
    assert len(engine_policy(case.policy_version).criteria) == 3
    with pytest.raises(ActionError) as caught:
        actions.policy_add(actor=sam, code="unicef-2024", title="Again", data=data)
    assert caught.value.message == actions.ERR_POLICY_EXISTS


def test_invalid_policy_data_is_refused(sam) -> None:
    data = policy_to_data(default_undp_policy())
    del data["level_minimum_points"]["high"]
    with pytest.raises(ActionError) as caught:
        actions.policy_add(actor=sam, code="broken", title="Broken", data=data)
    assert caught.value.message.startswith("The policy data is not valid")
    assert not Policy.objects.filter(code="broken").exists()
