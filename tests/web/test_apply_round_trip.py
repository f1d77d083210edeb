"""The application's steps through the real pages: what is saved comes back, saving an
unchanged page changes nothing, one draft per organisation, limits, the offer warning."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.forms.models import model_to_dict

from alliance.core.errors import ActionError
from alliance.core.forms import LONG_TEXT
from alliance.organisations import actions
from alliance.organisations.models import Application, Organisation
from alliance.web.views.apply import RESUMED_DRAFT
from tests.factories import complete_draft, draft_application
from tests.web.test_form_round_trip import submit_as_browser

PEOPLE = [
    {
        "name": "Grace Achieng",
        "role": "officer",
        "position": "Director",
        "nationality": "MW",
        "birth_date": date(1979, 4, 12),
        "ownership_percent": None,
    },
    {
        "name": "Tomás Ruiz",
        "role": "owner",
        "position": "",
        "nationality": "",
        "birth_date": None,
        "ownership_percent": Decimal("51.00"),
    },
]


def _form_html(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    end = html.index("</form>", html.index('name="save_and_continue"'))
    return html[html.rindex("<form", 0, end) : end]


def _people(organisation: Organisation) -> list[dict[str, object]]:
    return list(
        organisation.people.order_by("name").values(
            "name", "role", "position", "nationality", "birth_date", "ownership_percent"
        )
    )


def _resubmit(client, url: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200
    data = submit_as_browser(_form_html(page))
    data.pop("csrfmiddlewaretoken", None)
    data["save_and_continue"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_people_come_back_with_birth_date_and_nationality_and_survive_a_save(client, alice):
    application = draft_application(alice)
    actions.application_update(actor=alice, application=application, people=PEOPLE)
    before = _people(application.organisation)
    client.force_login(alice)
    url = f"/apply/{application.pk}/people/"
    page = client.get(url).content.decode()
    assert 'value="1979-04-12"' in page
    assert '<option value="MW" selected>Malawi</option>' in page
    _resubmit(client, url)
    assert _people(application.organisation) == before
    assert before[0]["birth_date"] == date(1979, 4, 12)


def test_a_birth_date_in_the_future_is_refused_at_its_field(client, alice):
    """Walk 3: an officer born on 1 January 2099 was saved (screening compares birth
    dates, so a typo there weakens it). Refused at the field; nothing is saved."""
    from datetime import timedelta

    from django.utils import timezone

    from alliance.organisations.forms import ERR_BORN_IN_FUTURE

    application = draft_application(alice)
    client.force_login(alice)
    url = f"/apply/{application.pk}/people/"
    data = submit_as_browser(_form_html(client.get(url)))
    data.pop("csrfmiddlewaretoken", None)
    tomorrow = timezone.localdate() + timedelta(days=1)
    data |= {
        "people-0-name": "Grace Achieng",
        "people-0-role": "officer",
        "people-0-birth_date": tomorrow.isoformat(),
        "save_and_continue": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(ERR_BORN_IN_FUTURE) in response.content.decode()
    assert not application.organisation.people.exists()
    response = client.post(url, {**data, "people-0-birth_date": "1979-04-12"})
    assert response.status_code == 302
    assert application.organisation.people.get().birth_date == date(1979, 4, 12)


def test_every_step_saved_again_unchanged_changes_nothing(client, alice):
    application = complete_draft(alice)
    actions.application_update(
        actor=alice,
        application=application,
        people=PEOPLE,
        organisation_fields={"other_names": ["Amani", "AA; Kenya"], "sectors": ["Health"]},
        application_fields={
            "commercial_products": "Line one\nLine two",
            "contribution_amount": Decimal("2500.00"),
        },
    )
    client.force_login(alice)
    org_before = model_to_dict(Organisation.objects.get(pk=application.organisation_id))
    app_before = model_to_dict(Application.objects.get(pk=application.pk))
    for step in ("organisation", "people", "stance", "motivation"):
        _resubmit(client, f"/apply/{application.pk}/{step}/")
    org_after = model_to_dict(Organisation.objects.get(pk=application.organisation_id))
    app_after = model_to_dict(Application.objects.get(pk=application.pk))
    assert org_after == org_before
    app_after.pop("step_reached")
    app_before.pop("step_reached")
    assert app_after == app_before


def test_a_second_tab_on_step_one_resumes_the_draft(client, alice):
    client.force_login(alice)
    step_one = {
        "legal_name": "Amani Aid",
        "type": "ngo",
        "registration_country": "KE",
        "revenue_band": "1m_10m",
        "staff_band": "11_50",
        "income_group": "lower_middle",
    }
    first = client.post("/apply/", step_one)
    application = Application.objects.get()
    assert first["Location"] == f"/apply/{application.pk}/people/"
    # The second tab was opened before the first saved, and saves a corrected name.
    second = client.post("/apply/", {**step_one, "legal_name": "Amani Aid Kenya"}, follow=True)
    assert Application.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert Organisation.objects.get().legal_name == "Amani Aid Kenya"
    assert str(RESUMED_DRAFT) in second.content.decode()
    # Even "start another" resumes the draft of the same organisation.
    client.post("/apply/?new=1", {**step_one, "legal_name": "amani aid kenya"})
    assert Application.objects.count() == 1
    client.post("/apply/?new=1", {**step_one, "legal_name": "Another Org"})
    assert Application.objects.count() == 2


def test_free_text_limits_are_shown_and_enforced_in_form_and_model(client, alice):
    application = draft_application(alice)
    client.force_login(alice)
    page = client.get(f"/apply/{application.pk}/motivation/").content.decode()
    assert f'maxlength="{LONG_TEXT}"' in page
    assert f"At most {LONG_TEXT} characters." in page
    too_long = "x" * (LONG_TEXT + 1)
    try:
        actions.application_update(
            actor=alice,
            application=application,
            application_fields={"humanitarian_motivation": too_long},
        )
    except ActionError as error:
        assert error.message == actions.ERR_TOO_LONG.format(
            field="Humanitarian motivation", limit=LONG_TEXT
        )
    else:
        raise AssertionError("a motivation over the limit was saved")
    assert Application.objects.get(pk=application.pk).humanitarian_motivation == ""


def test_an_offer_far_below_the_schedule_is_warned_about_before_submission(client, alice):
    application = complete_draft(alice, type="company", revenue_band="over_1bn")
    actions.application_update(
        actor=alice,
        application=application,
        application_fields={"contribution_kind": "financial", "contribution_amount": Decimal(100)},
    )
    client.force_login(alice)
    page = client.get(f"/apply/{application.pk}/review/").content.decode()
    assert 'id="offer-warning"' in page
    assert "Your offer of USD\u00a0100.00 a year is far below" in page
    assert "Ask for a waiver instead" in page
    # In the reader's language, the amounts as the locale writes them (it was English).
    french = client.get(
        f"/apply/{application.pk}/review/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Votre offre de 100,00\u00a0USD par an est très inférieure" in french
    actions.application_update(
        actor=alice,
        application=application,
        application_fields={"contribution_kind": "waiver", "contribution_note": "Start-up."},
    )
    assert (
        'id="offer-warning"' not in client.get(f"/apply/{application.pk}/review/").content.decode()
    )


def test_leaving_an_unfinished_step_keeps_what_was_typed(client, alice):
    from alliance.web.views.apply import DRAFT_KEPT_PARTLY

    application = draft_application(alice)
    client.force_login(alice)
    url = f"/apply/{application.pk}/motivation/"
    response = client.post(
        url,
        {
            "humanitarian_motivation": "Birth registration for refugee children.",
            "brings_networks": "Camp committees in three districts.",
            "save_and_exit": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    saved = Application.objects.get(pk=application.pk)
    assert saved.humanitarian_motivation == "Birth registration for refugee children."
    assert saved.brings_networks == "Camp committees in three districts."
    assert saved.step_reached < 5  # the step is not complete: it stays open
    follow = client.get("/dashboard/").content.decode()
    assert DRAFT_KEPT_PARTLY.split(".")[0] in follow
    assert "Birth registration for refugee children." in client.get(url).content.decode()


def test_the_dashboard_takes_a_draft_up_at_the_step_where_the_applicant_stopped(client, alice):
    application = draft_application(alice)
    actions.application_update(actor=alice, application=application, step_reached=3)
    client.force_login(alice)
    html = client.get("/dashboard/").content.decode()
    assert f'href="/apply/{application.pk}/stance/" class="resume-step"' in html
    assert "Continue at step 3 of 6: Commercial stance." in html
    # No lower-case fragment run on after the sentence.
    assert "application. continue" not in html
    assert ">continue</a>" not in html
    # A fresh draft starts at the first step; a fully saved one at the review.
    other = draft_application(alice, "Second Aid")
    detail = client.get(f"/applications/{other.pk}/").content.decode()
    assert f'href="/apply/{other.pk}/organisation/" class="resume-step"' in detail
    done = complete_draft(alice, "Third Aid")
    actions.application_update(actor=alice, application=done, step_reached=6)
    detail = client.get(f"/applications/{done.pk}/").content.decode()
    assert f'href="/apply/{done.pk}/review/" class="resume-step"' in detail


def test_the_aml_cft_box_is_marked_required_on_the_motivation_step(client, alice):
    import re

    from alliance.organisations.forms import ERR_AML_CFT_REQUIRED

    application = draft_application(alice)
    client.force_login(alice)
    url = f"/apply/{application.pk}/motivation/"
    html = client.get(url).content.decode()
    box = re.search(r'<input[^>]*name="aml_cft_certified"[^>]*>', html)
    assert box is not None and " required" in box.group(0)
    field = html[html.index('id="id_aml_cft_certified"') :]
    label = field[: field.index("</label>")]
    assert '<span class="req" aria-hidden="true">*</span>' in label
    # Left unticked, it is refused in its own words.
    page = client.post(
        url,
        {
            "humanitarian_motivation": "Birth registration.",
            "brings_networks": "Camp committees.",
            "contribution_kind": "waiver",
            "contribution_note": "Start-up.",
        },
    ).content.decode()
    assert str(ERR_AML_CFT_REQUIRED) in page
