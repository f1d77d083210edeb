"""The risk rule through the case service: every level, every override path, and
ineligibility on each exclusionary criterion, from records entered on a case."""

from __future__ import annotations

import pytest

from alliance.core.errors import ActionError
from alliance.diligence import actions
from alliance.engines.risk import ESG_EVIDENCE_CODES, default_undp_policy
from tests.diligence.helpers import case_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CRITERIA = [c.code for c in default_undp_policy().criteria]
SOURCE = "https://news.example.org/report"


def company_case(alice, sam, *, esg: int = 11):  # type: ignore[no-untyped-def]
    case = case_for(alice, type="company")
    for code in ESG_EVIDENCE_CODES[:esg]:
        actions.esg_evidence_record(actor=sam, case=case, principle=code, evidence="Report")
    case.refresh_from_db()
    return case


# (name, sectors, controversies [(severity, status)], ESG evidence count, hits, points, level)
LEVELS = [
    ("clean", [], [], 11, 0, 0, "low"),
    ("weak ESG", [], [], 2, 0, 1, "low"),
    ("high-risk sector", ["extractives"], [], 11, 0, 2, "moderate"),
    ("no ESG", [], [], 0, 0, 2, "moderate"),
    ("serious alleged", [], [("serious", "alleged")], 11, 0, 2, "moderate"),
    ("serious substantiated", [], [("serious", "substantiated")], 11, 0, 4, "substantial"),
    (
        "sector, weak ESG, serious alleged",
        ["surveillance_technology"],
        [("serious", "alleged")],
        2,
        0,
        5,
        "substantial",
    ),
    ("severe substantiated", [], [("severe", "substantiated")], 11, 0, 6, "high"),
    (
        "everything",
        ["data_brokerage"],
        [("severe", "alleged"), ("serious", "alleged")],
        0,
        0,
        9,
        "high",
    ),
    ("resolved severe", [], [("severe", "resolved")], 11, 0, 0, "low"),
]


@pytest.mark.parametrize(
    ("name", "sectors", "controversies", "esg", "hits", "points", "level"),
    LEVELS,
    ids=[row[0] for row in LEVELS],
)
def test_every_level_from_case_records(
    alice, sam, name, sectors, controversies, esg, hits, points, level
) -> None:
    case = company_case(alice, sam, esg=esg)
    if sectors:
        actions.case_sectors_set(actor=sam, case=case, sectors=sectors, evidence="Annual report")
    for severity, status in controversies:
        actions.controversy_add(
            actor=sam,
            case=case,
            title=f"{severity} {status}",
            source_url=SOURCE,
            severity=severity,
            status=status,
        )
    case.refresh_from_db()
    assert case.assessment["eligible"] is True
    assert case.assessment["points"] == points
    assert case.level == level
    assert case.assessment["reasoning"][-1].endswith(f"at level {level}.")


def test_resolving_a_controversy_lowers_the_level(alice, sam) -> None:
    case = company_case(alice, sam)
    c = actions.controversy_add(
        actor=sam,
        case=case,
        title="Spyware sale",
        source_url=SOURCE,
        severity="severe",
        status="substantiated",
    )
    case.refresh_from_db()
    assert case.level == "high"
    actions.controversy_set_status(
        actor=sam, controversy=c, status="resolved", evidence="Court acquittal, 2026-02-01"
    )
    case.refresh_from_db()
    assert case.level == "low"


def test_esg_not_scored_for_an_ngo(alice, sam) -> None:
    case = case_for(alice)  # the default builder's organisation is an NGO
    assert case.assessment["esg_commitment"] is None
    assert case.level == "low"


@pytest.mark.parametrize("criterion", CRITERIA)
def test_a_confirmed_hit_on_each_criterion_makes_ineligible(alice, sam, criterion) -> None:
    case = company_case(alice, sam)
    actions.criterion_finding_record(
        actor=sam, case=case, criterion_code=criterion, finding="possible", evidence="Press report"
    )
    case.refresh_from_db()
    assert case.assessment["eligible"] is True
    actions.criterion_finding_record(
        actor=sam,
        case=case,
        criterion_code=criterion,
        finding="confirmed",
        evidence="Annual report, note 12",
    )
    case.refresh_from_db()
    assert case.assessment["eligible"] is False
    assert case.assessment["failed_criteria"] == [criterion]
    assert case.level == ""
    assert case.assessment["reassessment_months"] is None


OVERRIDES = [
    # (computed by a severe substantiated controversy -> high), override, months after
    ("down", "moderate", 24),
    ("further down", "low", 36),
    ("same", "high", 6),
]


@pytest.mark.parametrize(("name", "level", "months"), OVERRIDES, ids=[o[0] for o in OVERRIDES])
def test_override_paths(alice, sam, rita, name, level, months) -> None:
    case = company_case(alice, sam)
    actions.controversy_add(
        actor=sam,
        case=case,
        title="Severe",
        source_url=SOURCE,
        severity="severe",
        status="substantiated",
    )
    actions.case_override_level(actor=rita, case=case, level=level, reason="Board asked.")
    case.refresh_from_db()
    assert case.assessment["computed_level"] == "high"
    assert case.level == level
    assert case.assessment["reassessment_months"] == months
    # Later records recompute the level; the override still stands, with its reason.
    actions.controversy_add(
        actor=sam, case=case, title="Minor", source_url=SOURCE, severity="minor", status="alleged"
    )
    case.refresh_from_db()
    assert case.level == level and case.assessment["override_reason"] == "Board asked."


def test_override_up_and_cleared(alice, sam, rita) -> None:
    case = company_case(alice, sam)
    actions.case_override_level(
        actor=rita, case=case, level="substantial", reason="Parent company under investigation."
    )
    case.refresh_from_db()
    assert (case.assessment["computed_level"], case.level) == ("low", "substantial")
    with pytest.raises(ActionError) as caught:
        actions.case_override_clear(actor=rita, case=case, reason="")
    assert caught.value.message == actions.ERR_REASON_REQUIRED
    actions.case_override_clear(actor=rita, case=case, reason="Investigation closed.")
    case.refresh_from_db()
    assert case.level == "low" and not case.override_level


def test_override_needs_a_signer(alice, sam) -> None:
    from alliance.accounts.roles import Role
    from alliance.core.errors import NotAllowed

    case = company_case(alice, sam)
    chair = make_user("chair@board.example", Role.BOARD_CHAIR)
    with pytest.raises(NotAllowed):
        actions.case_override_level(actor=chair, case=case, level="high", reason="Because.")


def test_the_secretariat_cannot_override_the_computed_level(alice, sam) -> None:
    from alliance.core.errors import NotAllowed

    case = company_case(alice, sam)
    with pytest.raises(NotAllowed, match=str(actions.ERR_NOT_OVERRIDER)):
        actions.case_override_level(actor=sam, case=case, level="low", reason="Looks fine.")
    case.refresh_from_db()
    assert case.override_level == ""
