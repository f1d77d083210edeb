"""Tier recommendation, confirmation, admission and renewal through the real actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.engines import tiers as engine
from alliance.funding import actions, selectors
from alliance.funding.models import TierAssignment, TierScheduleVersion
from alliance.governance import flows
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind
from alliance.organisations.models import Application
from alliance.transparency.models import LogEntry
from tests.factories import ready_application, sign_off_with_pack, submitted_application
from tests.funding.board import adopt_by_motion

pytestmark = pytest.mark.django_db
D = Decimal


def _admit(application, staff, on=date(2026, 1, 15)):  # type: ignore[no-untyped-def]
    decision = board_decision_record(
        actor=staff,
        kind=DecisionKind.ADMISSION,
        reason="Diligence clear.",
        decided_on=on,
        application=application,
    )
    return flows.admission(actor=staff, application=application, decision=decision)


def _set(application, **fields):  # type: ignore[no-untyped-def]
    """Change the applicant's contribution fields in place (the form does this in the app)."""
    Application.objects.filter(pk=application.pk).update(**fields)
    application.refresh_from_db()
    return application


def _doubled_schedule() -> engine.TierSchedule:
    base = engine.default_schedule()
    return replace(
        base,
        version="2027-1",
        base_by_band=MappingProxyType(
            {band: amount * 4 for band, amount in base.base_by_band.items()}
        ),
    )


def test_the_migration_seeds_the_default_schedule_as_json() -> None:
    version = TierScheduleVersion.objects.get(number=1)
    assert engine.schedule_from_dict(version.schedule) == engine.default_schedule()


@pytest.mark.parametrize(
    ("org_type", "band", "income", "tier", "amount"),
    [
        ("company", "over_1bn", "high", "Strategic partner", "250000.00"),
        ("company", "10m_100m", "high", "Partner", "40000.00"),
        ("ngo", "1m_10m", "lower_middle", "Supporter", "750.00"),
        ("ngo", "under_1m", "low", "Supporter", "250.00"),
        ("government", "100m_1bn", "upper_middle", "Partner", "48000.00"),
        ("un_agency", "over_1bn", "high", "Strategic partner", "125000.00"),
        ("academic", "10m_100m", "high", "Partner", "12000.00"),
        ("foundation", "100m_1bn", "high", "Partner", "96000.00"),
        ("network", "under_1m", "lower_middle", "Supporter", "250.00"),
    ],
)
def test_recommendation_from_the_organisation_profile(  # type: ignore[no-untyped-def]
    alice, org_type, band, income, tier, amount
):
    from tests.factories import draft_application

    application = draft_application(alice, type=org_type, revenue_band=band, income_group=income)
    rec = selectors.recommendation_for_application(application, date(2026, 3, 1))
    assert rec.final is not None
    assert (rec.final.tier.name, str(rec.final.annual_amount)) == (tier, amount)
    assert any("Base for size" in step for step in rec.final.reasoning)


def test_staff_band_stands_in_and_missing_income_group_is_noted(alice) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import draft_application

    application = draft_application(alice, revenue_band="", staff_band="51_250", income_group="")
    rec = selectors.recommendation_for_application(application)
    assert rec.final is not None and rec.notes
    assert any("staff band" in step for step in rec.final.reasoning)


def test_offer_above_and_waiver_and_refusals(alice, sam) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    _set(application, contribution_amount=D("15000"))
    rec = selectors.recommendation_for_application(application)
    assert rec.chosen is not None and rec.chosen.tier.name == "Partner"
    confirmation = actions.tier_confirm(actor=sam, application=application)
    assert (confirmation.tier_name, confirmation.annual_amount, confirmation.offered) == (
        "Partner",
        D("15000.00"),
        True,
    )

    _set(application, contribution_kind="waiver", contribution_note="Refugee-led NGO")
    confirmation = actions.tier_confirm(actor=sam, application=application)
    assert confirmation.waived and confirmation.annual_amount == 0
    assert confirmation.waiver_reason == "Refugee-led NGO"

    _set(application, contribution_kind="financial", contribution_amount=D("100"))
    rec = selectors.recommendation_for_application(application)
    assert rec.problem_code == engine.OFFER_BELOW_SCHEDULE
    with pytest.raises(ActionError):
        actions.tier_confirm(actor=sam, application=application)
    with pytest.raises(NotAllowed):
        actions.tier_confirm(actor=alice, application=application)


def test_a_company_cannot_have_its_contribution_waived(alice, sam) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import complete_draft

    application = complete_draft(
        alice, type="company", revenue_band="over_1bn", income_group="high"
    )
    _set(application, contribution_kind="waiver", contribution_note="We are poor")
    flows.application_submit(actor=alice, application=application)
    rec = selectors.recommendation_for_application(application)
    assert rec.problem_code == engine.WAIVER_NOT_ALLOWED
    with pytest.raises(ActionError):
        actions.tier_confirm(actor=sam, application=application)


def test_a_refusal_names_its_problem_in_the_reader_language(alice, sam) -> None:  # type: ignore[no-untyped-def]
    """The engine's reason (English) is quoted translated, not as the engine wrote it."""
    from django.utils import translation

    from tests.factories import complete_draft

    application = complete_draft(
        alice, type="company", revenue_band="over_1bn", income_group="high"
    )
    _set(application, contribution_kind="waiver", contribution_note="We are poor")
    flows.application_submit(actor=alice, application=application)
    with translation.override("fr"), pytest.raises(ActionError) as refused:
        actions.tier_confirm(actor=sam, application=application)
    assert refused.value.message.startswith("La catégorie ne peut pas être déterminée : ")
    assert "does not allow" not in refused.value.message
    assert "ne permet pas" in refused.value.message


@pytest.mark.parametrize(
    ("document", "french"),
    [
        ([], "un objet JSON est attendu"),
        ({**engine.schedule_to_dict(engine.default_schedule()), "tiers": []}, "aucune catégorie"),
    ],
)
def test_a_schedule_problem_is_given_in_the_reader_language(document, french) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ActionError) as refused:
        actions.tier_schedule_parse(document)
    assert refused.value.message.startswith("Le barème des catégories proposé n'est pas valide")
    assert french in refused.value.message


def test_admission_fixes_the_confirmed_tier_and_publishes_it(alice, sam) -> None:  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _set(application, contribution_amount=D("20000"))
    actions.tier_confirm(actor=sam, application=application)
    partnership = _admit(application, sam)
    partnership.refresh_from_db()
    assert partnership.tier == "Partner"
    assignment = TierAssignment.objects.get(partnership=partnership)
    assert assignment.annual_amount == D("20000.00")
    assert assignment.period_end == date(2029, 1, 14)
    admitted = LogEntry.objects.filter(kind="partner.admitted").last()
    assert admitted.fact["fact"]["tier"] == "Partner"


def test_admission_without_confirmation_uses_the_recommendation(alice, sam) -> None:  # type: ignore[no-untyped-def]
    partnership = _admit(ready_application(alice, sam), sam)
    assert partnership.tier == "Supporter"
    assert selectors.current_assignment(partnership).schedule_version.number == 1


def test_a_schedule_is_adopted_only_through_a_passed_board_motion(carla, ben, ada) -> None:  # type: ignore[no-untyped-def]
    # A Board member cannot adopt at all; the chair cannot adopt without a passed motion.
    with pytest.raises(NotAllowed):
        actions.tier_schedule_adopt(
            actor=ben, schedule=_doubled_schedule(), decision_note="Resolution 2027/1"
        )
    with pytest.raises(NotAllowed, match="passed tier-schedule motion"):
        actions.tier_schedule_adopt(
            actor=carla, schedule=_doubled_schedule(), decision_note="Resolution 2027/1"
        )
    version = adopt_by_motion(ada, carla, _doubled_schedule(), effective_from=date(2027, 1, 1))
    assert version.number == 2
    assert version.board_decision is not None and version.board_decision.applied_at
    assert LogEntry.objects.filter(kind="tier_schedule.adopted").count() == 1
    # The decision that adopted it cannot be used a second time.
    with pytest.raises(ActionError) as refused:
        actions.tier_schedule_adopt(
            actor=carla,
            schedule=_doubled_schedule(),
            decision_note="again",
            board_decision=version.board_decision,
        )
    assert refused.value.message == actions.ERR_DECISION_USED_FOR_SCHEDULE


def test_an_admission_decision_cannot_adopt_a_schedule(alice, sam, carla) -> None:  # type: ignore[no-untyped-def]
    decision = board_decision_record(
        actor=sam,
        kind=DecisionKind.ADMISSION,
        reason="Diligence clear.",
        decided_on=date(2026, 1, 15),
        application=ready_application(alice, sam),
    )
    with pytest.raises(NotAllowed) as refused:
        actions.tier_schedule_adopt(
            actor=carla, schedule=_doubled_schedule(), decision_note="x", board_decision=decision
        )
    assert refused.value.message == actions.ERR_NEEDS_PASSED_MOTION


def test_a_schedule_change_affects_only_renewals_and_new_admissions_after_it(  # type: ignore[no-untyped-def]
    alice, bob, sam, carla, ada
):
    """NGO, 1-10M, lower-middle: 750 a year under v1, 3,000 under the quadrupled v2."""
    early = _admit(ready_application(alice, sam, "Early Aid"), sam, on=date(2026, 1, 15))
    adopt_by_motion(ada, carla, _doubled_schedule(), effective_from=date(2027, 1, 1))
    first = selectors.current_assignment(early)
    assert (first.schedule_version.number, first.annual_amount) == (1, D("750.00"))

    # An admission decided after the new version took effect is fixed under v2 ...
    late = _admit(ready_application(bob, sam, "Late Aid"), sam, on=date(2027, 2, 1))
    assert selectors.current_assignment(late).schedule_version.number == 2
    assert selectors.current_assignment(late).annual_amount == D("3000.00")

    # ... the existing partner's period is untouched until it renews.
    early.refresh_from_db()
    assert selectors.current_assignment(early).annual_amount == D("750.00")
    renewal = actions.partnership_renew(actor=sam, partnership=early)
    assert renewal.period_start == date(2029, 1, 15)
    assert (renewal.schedule_version.number, renewal.annual_amount) == (2, D("3000.00"))
    assert TierAssignment.objects.filter(partnership=early).count() == 2
    assert LogEntry.objects.filter(kind="partner.renewed").count() == 1


def test_renewal_rechecks_the_tier_against_the_current_profile(alice, sam) -> None:  # type: ignore[no-untyped-def]
    partnership = _admit(ready_application(alice, sam), sam)
    assert partnership.tier == "Supporter"
    organisation = partnership.organisation
    organisation.revenue_band, organisation.income_group = "100m_1bn", "high"
    organisation.save()
    renewal = actions.partnership_renew(actor=sam, partnership=partnership)
    partnership.refresh_from_db()
    assert partnership.tier == renewal.tier_name == "Partner"
    assert renewal.annual_amount == D("36000.00")


def test_founding_status_survives_a_tier_change(alice, sam) -> None:  # type: ignore[no-untyped-def]
    partnership = _admit(ready_application(alice, sam), sam)
    organisation = partnership.organisation
    organisation.is_founding_partner = True
    organisation.revenue_band, organisation.income_group = "over_1bn", "high"
    organisation.save()
    renewal = actions.partnership_renew(actor=sam, partnership=partnership)
    organisation.refresh_from_db()
    assert organisation.is_founding_partner and renewal.tier_name == "Partner"
    assert any("Founding partner" in step for step in renewal.reasoning)


def test_funding_tier_for_an_application(alice, sam) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    assert selectors.funding_tier_for(application) == "Supporter"
    _set(application, contribution_amount=D("10000"))
    actions.tier_confirm(actor=sam, application=application)
    application.refresh_from_db()
    assert selectors.funding_tier_for(application) == "Partner"


def test_an_unknown_size_never_blocks_the_admission(alice, sam) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import complete_draft

    application = complete_draft(alice, revenue_band="", staff_band="")
    flows.application_submit(actor=alice, application=application)
    sign_off_with_pack(application, sam)
    partnership = _admit(application, sam)
    assignment = selectors.current_assignment(partnership)
    assert partnership.tier == assignment.tier_name == actions.UNASSIGNED
    assert any("cannot be worked out" in step for step in assignment.reasoning)


def test_a_tier_that_cannot_be_worked_out_is_stored_in_english_and_read_in_french_and_arabic(
    client, login, alice, sam
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse
    from django.utils import translation

    from tests.factories import complete_draft

    application = complete_draft(alice, revenue_band="", staff_band="")
    flows.application_submit(actor=alice, application=application)
    sign_off_with_pack(application, sam)
    with translation.override("fr"):  # the admission's actor reads French
        partnership = _admit(application, sam)
    assignment = selectors.current_assignment(partnership)
    stored = "The tier cannot be worked out: A revenue/budget band or a staff band is needed."
    assert assignment.reasoning[-1] == stored
    url = reverse("web:organisation_detail", args=[partnership.organisation.pk])
    login(sam)
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        "La catégorie ne peut pas être déterminée : "
        "Il faut une tranche de chiffre d&#x27;affaires ou de budget, "
        "ou une tranche d&#x27;effectif."
    ) in french
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "تعذّر تحديد الفئة: " in arabic
    assert stored not in french + arabic
    # A step stored before, in the actor's language, is shown as stored.
    assignment.reasoning = ["La catégorie ne peut pas être déterminée : x"]
    assignment.save()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "La catégorie ne peut pas être déterminée : x" in english


def test_an_admissions_steps_under_the_confirmation_read_in_french_and_arabic() -> None:
    from django.utils import translation

    from alliance.funding.reasoning import tier_step_shown

    with translation.override("fr"):
        assert tier_step_shown("Checked under schedule v2 in force on 2027-01-15.") == (
            "Vérifiée selon le barème v2 en vigueur le 15 janvier 2027."
        )
        assert tier_step_shown("The confirmation was under v1, since replaced.") == (
            "La confirmation avait été faite selon la v1, remplacée depuis."
        )
    with translation.override("ar"):
        assert tier_step_shown("Confirmed by the secretariat; fixed by the Board's admission.") == (
            "أكّدتها الأمانة، وثبّتها قرار القبول الصادر عن مجلس الإدارة."
        )
