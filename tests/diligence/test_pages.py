"""The case pages: permissions, step forms, four-eyes in the page, the Board pack PDF,
the applicant's answers, dashboard panels."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from alliance.diligence.models import BoardPack, CaseStatus
from alliance.diligence.selectors import board_pack_for_application
from tests.diligence.helpers import case_for, complete_case, signed_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_only_diligence_staff_see_cases(client, login, alice, ben) -> None:
    case = case_for(alice)
    url = reverse("diligence:case", args=[case.pk])
    login(alice)
    assert client.get(url).status_code == 403
    login(ben)
    assert client.get(url).status_code == 403


def test_case_page_shows_every_step_and_records_a_finding(client, login, alice, sam) -> None:
    case = case_for(alice)
    login(sam)
    page = client.get(reverse("diligence:case", args=[case.pk])).content.decode()
    for heading in (
        "Background and self-disclosure",
        "Exclusionary criteria",
        "Sanctions and watch-list screening",
        "Controversies research",
        "ESG commitment",
        "Risk level",
        "Recommendation",
        "Risk log and monitoring plan",
        "Sign-off (four eyes)",
        "Certified by the applicant",
        "Child labour",
    ):
        assert heading in page
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "finding-tobacco"]),
        {"tobacco-finding": "confirmed", "tobacco-evidence": "Annual report, p. 12"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assessment["eligible"] is False
    page = client.get(reverse("diligence:case", args=[case.pk])).content.decode()
    assert "Ineligible" in page and "Exclusionary criterion 4 (Tobacco) confirmed" in page


def test_override_without_reason_shows_the_error(client, login, alice, sam, rita) -> None:
    case = case_for(alice)
    login(rita)
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "override"]),
        {"level": "high", "reason": ""},
        follow=True,
    )
    assert "An override of the risk level needs a written reason." in response.content.decode()


def test_preparer_sees_no_sign_off_button_and_cannot_post_it(client, login, alice, sam) -> None:
    case = complete_case(case_for(alice), sam)
    login(sam)
    client.post(reverse("diligence:case_action", args=[case.pk, "prepare"]))
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SIGN_OFF
    page = client.get(reverse("diligence:case", args=[case.pk])).content.decode()
    assert 'id="sign-off"' not in page and "someone else must sign it off" in page
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "sign-off"]), {"note": ""}, follow=True
    )
    assert "cannot sign it off" in response.content.decode()


def test_board_pack_pdf_is_stored_and_served(client, login, alice, sam, rita, ben) -> None:
    case = signed_case(case_for(alice), sam, rita)
    login(rita)
    client.post(reverse("diligence:case_action", args=[case.pk, "board-pack"]))
    pack = BoardPack.objects.get(case=case)
    assert board_pack_for_application(case.application) == pack
    data = pack.pdf.read()
    assert data.startswith(b"%PDF")
    login(ben)  # a Board member reads the pack
    page = client.get(reverse("diligence:board_pack", args=[case.pk])).content.decode()
    assert "Board pack" in page and "Humanitarian motivation" in page
    assert "Registration for refugees" in page
    response = client.get(reverse("diligence:board_pack_pdf", args=[case.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_applicant_answers_on_the_organisation_page(client, login, alice, sam) -> None:
    from alliance.diligence import actions

    case = case_for(alice)
    request = actions.info_request_send(actor=sam, case=case, question="Who owns the company?")
    login(alice)
    org_page = reverse("web:organisation_detail", args=[case.organisation_id])
    assert "Who owns the company?" in client.get(org_page).content.decode()
    assert "Who owns the company?" in client.get(reverse("web:dashboard")).content.decode()
    client.post(
        reverse("diligence:request_answer", args=[request.pk]),
        {f"r{request.pk}-answer": "A family trust (100 %)."},
    )
    request.refresh_from_db()
    assert request.answer == "A family trust (100 %)."
    login(sam)
    page = client.get(reverse("diligence:case", args=[case.pk])).content.decode()
    assert "A family trust (100 %)." in page


def test_dashboard_and_queue(client, login, alice, bob, sam, django_assert_max_num_queries) -> None:
    for n, applicant in enumerate((alice, bob)):
        case_for(applicant, f"Org {n}")
    login(sam)
    assert "Cases by step" in client.get(reverse("web:dashboard")).content.decode()
    with django_assert_max_num_queries(12):
        page = client.get(reverse("diligence:cases")).content.decode()
    assert "Org 0" in page and "Org 1" in page
    assert client.get(reverse("diligence:policies")).status_code == 200
    assert client.get(reverse("diligence:monitoring")).status_code == 200


def test_secretariat_adds_a_policy_through_the_page(client, login, sam, rita) -> None:
    import json

    from alliance.diligence.models import Policy
    from alliance.diligence.policies import default_policy_version

    data = dict(default_policy_version().data)
    login(rita)
    response = client.post(
        reverse("diligence:policies"), {"code": "x", "title": "X", "policy_data": json.dumps(data)}
    )
    assert response.status_code == 403
    login(sam)
    response = client.post(
        reverse("diligence:policies"),
        {
            "code": "ilo-supply-chain",
            "title": "ILO supply-chain policy",
            "policy_data": json.dumps(data),
            "make_default": "on",
        },
    )
    assert response.status_code == 302
    assert Policy.objects.get(is_default=True).code == "ilo-supply-chain"
    response = client.post(
        reverse("diligence:policies"),
        {"code": "broken", "title": "Broken", "policy_data": "{not json"},
    )
    assert "Not valid JSON" in response.content.decode()


def test_board_pack_page_one_summarises_before_the_detail(client, login, alice, sam, rita, ben):
    import pypdfium2

    from alliance.governance.actions import interest_declare

    case = signed_case(case_for(alice), sam, rita)
    interest_declare(
        actor=ben,
        description="Adviser to its board until 2025",
        today=date(2026, 1, 10),
        organisation=case.organisation,
    )
    login(rita)
    client.post(reverse("diligence:case_action", args=[case.pk, "board-pack"]))
    pack = BoardPack.objects.get(case=case)
    pdf = pypdfium2.PdfDocument(pack.pdf.read())
    first = pdf[0].get_textpage().get_text_range().replace("\r\n", " ").replace("\n", " ")
    summary = first[first.index("Summary") : first.index("Applicant")]
    assert "Amani Aid" in summary and "Kenya" in summary
    assert "Risk level:" in summary and "Recommendation:" in summary
    assert "Mitigations:" in summary
    assert "Conflicts noted:" in summary and "Adviser to its board until 2025" in summary
    login(ben)
    page = client.get(reverse("diligence:board_pack", args=[case.pk])).content.decode()
    assert page.index('id="pack-summary"') < page.index("Exclusionary criteria")


@pytest.mark.parametrize(
    ("language", "saved", "prepared"),
    [
        ("fr", "Enregistré.", "Le dossier est prêt pour la validation par une deuxième personne."),
        ("es", "Guardado.", "El expediente está listo para que una segunda persona lo apruebe."),
        ("ar", "تم الحفظ.", "الملف جاهز للمصادقة من شخص ثانٍ."),
    ],
)
def test_what_a_case_action_says_is_in_the_readers_language(
    client, login, alice, sam, language, saved, prepared
) -> None:  # type: ignore[no-untyped-def]
    """Walk 3: "Saved." and the sign-off messages were plain English strings, shown in
    English on the French, Spanish and Arabic case page."""
    from django.conf import settings

    case = case_for(alice)
    login(sam)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "note-background"]),
        {"note-background-text": "Registry checked.", "note-background-evidence": ""},
        follow=True,
    )
    page = response.content.decode()
    assert saved in page and ">Saved.<" not in page
    complete_case(case, sam)
    page = client.post(
        reverse("diligence:case_action", args=[case.pk, "prepare"]), follow=True
    ).content.decode()
    assert prepared in page and "ready for sign-off by a second person" not in page


def _section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_a_case_action_answers_in_the_section_the_page_lands_on(client, login, alice, sam) -> None:  # type: ignore[no-untyped-def]
    """Walk 3: a refused action (a controversy whose source is not a link) redirected to
    its section, 3,000 px down the page, while the error was shown at the top: nothing
    on screen said the finding was not added. Now the message is in the section."""
    case = case_for(alice)
    login(sam)
    url = reverse("diligence:case_action", args=[case.pk, "controversy"])
    data = {"title": "Rumour", "source_url": "not a link", "severity": "minor"}
    response = client.post(url, {**data, "status": "alleged", "summary": "s"})
    # Refused: the page comes back (what was typed kept) and the form's action ends in
    # the section's anchor, so the browser lands there.
    assert response.status_code == 400
    page = response.content.decode()
    assert 'do/controversy/#controversies"' in page
    here = _section(page, "controversies")
    assert 'class="message error" role="alert"' in here and "Enter a valid URL." in here
    assert "Enter a valid URL." not in page[: page.index('<section id="background"')]
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "finding-tobacco"]),
        {"tobacco-finding": "none", "tobacco-evidence": "Annual report, p. 12"},
    )
    assert response["Location"].endswith("#criteria")
    page = client.get(response["Location"]).content.decode()
    assert ">Saved.</p>" in _section(page, "criteria")
    assert ">Saved.</p>" not in page[: page.index('<section id="background"')]


def _textarea(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    start = page.index(">", start) + 1
    return page[start : page.index("</textarea>", start)]


def test_a_refused_note_comes_back_with_what_was_typed(client, login, alice, sam) -> None:  # type: ignore[no-untyped-def]
    """Walk 3: a refused action redirected to the case page and the text typed was gone.
    A refusal by validation brings the form back filled in, open, the error beside the
    field; nothing is written."""
    from alliance.diligence.models import StepNote

    case = case_for(alice)
    login(sam)
    notes = StepNote.objects.filter(case=case).count()
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "note-screening"]),
        {"note-screening-text": "   ", "note-screening-evidence": "OFAC search, 3 May"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    here = _section(page, "screening")
    assert "<details open><summary>Record what was checked" in here
    assert _textarea(here, "id_note-screening-evidence").strip() == "OFAC search, 3 May"
    assert 'class="error" role="alert">This field is required.' in here
    assert StepNote.objects.filter(case=case).count() == notes


def test_a_note_refused_by_a_rule_keeps_the_text_to_copy(client, login, alice, sam, rita) -> None:  # type: ignore[no-untyped-def]
    """A note typed in a tab while a colleague signed the case off: the rule refuses it
    (ERR_CASE_SIGNED); the case is frozen, so the form is gone, but the text is shown in
    the section to copy, beside the error; nothing is written."""
    from django.utils.html import escape

    from alliance.diligence.actions import ERR_CASE_SIGNED
    from alliance.diligence.models import StepNote

    case = case_for(alice)
    login(sam)
    signed_case(case, sam, rita)
    notes = StepNote.objects.filter(case=case).count()
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "note-background"]),
        {"note-background-text": "Director checked in the registry."},
    )
    assert response.status_code == 400
    here = _section(response.content.decode(), "background")
    assert escape(str(ERR_CASE_SIGNED)) in here
    assert _textarea(here, "typed-background-1") == "Director checked in the registry."
    assert StepNote.objects.filter(case=case).count() == notes


def test_a_sign_off_refused_after_a_reopen_keeps_the_note(client, login, alice, sam, rita) -> None:  # type: ignore[no-untyped-def]
    """Rita signs off from a page opened before Sam sent the case back: refused
    (ERR_NOT_PREPARED), her note is shown in the sign-off section, the case not signed."""
    from django.utils.html import escape

    from alliance.diligence import actions

    case = complete_case(case_for(alice), sam)
    actions.case_prepare(actor=sam, case=case)
    actions.case_reopen(actor=sam, case=case, reason="One more check.")
    login(rita)
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "sign-off"]),
        {"note": "Agreed with the mitigations."},
    )
    assert response.status_code == 400
    here = _section(response.content.decode(), "sign_off")
    assert escape(str(actions.ERR_NOT_PREPARED)) in here
    assert _textarea(here, "typed-sign_off-1") == "Agreed with the mitigations."
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.signed_off_by is None


def test_a_refused_override_keeps_the_level_chosen(client, login, alice, sam, rita) -> None:  # type: ignore[no-untyped-def]
    from django.utils.html import escape

    from alliance.diligence.actions import ERR_OVERRIDE_REASON

    case = case_for(alice)
    login(rita)
    response = client.post(
        reverse("diligence:case_action", args=[case.pk, "override"]),
        {"level": "high", "reason": "  "},
    )
    assert response.status_code == 400
    here = _section(response.content.decode(), "risk")
    assert '<option value="high" selected>' in here
    assert escape(str(ERR_OVERRIDE_REASON)) in here
    case.refresh_from_db()
    assert not case.override_level


def test_a_refused_controversy_status_keeps_the_evidence(client, login, alice, sam) -> None:  # type: ignore[no-untyped-def]
    from alliance.diligence import actions
    from alliance.diligence.views import ERR_STATUS_AND_EVIDENCE

    case = case_for(alice)
    controversy = actions.controversy_add(
        actor=sam,
        case=case,
        title="Report",
        source_url="https://news.example/report",
        severity="minor",
        status="alleged",
        summary="",
    )
    login(sam)
    pk = controversy.pk
    response = client.post(
        reverse("diligence:controversy_status", args=[pk]),
        {f"c{pk}-status": "bogus", f"c{pk}-evidence": "Court ruling of 2 May."},
    )
    assert response.status_code == 400
    here = _section(response.content.decode(), "controversies")
    assert str(ERR_STATUS_AND_EVIDENCE) in here
    assert _textarea(here, f"c{pk}-evidence") == "Court ruling of 2 May."
    controversy.refresh_from_db()
    assert controversy.status == "alleged"
