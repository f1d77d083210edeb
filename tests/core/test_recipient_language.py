"""E-mails, notices and the Board pack PDF in the recipient's language (issue 18).

Each person reads what the alliance sends them in the language on their account
(``User.language``), whatever language the person who caused it was using; the Board
pack is rendered in its requester's language, right to left in Arabic.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation

from alliance.accounts.models import User

pytestmark = pytest.mark.django_db


def _speaks(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    return user


def _mail_to(mailoutbox, user):  # type: ignore[no-untyped-def]
    found = [m for m in mailoutbox if user.email in m.to]
    assert found, f"no mail to {user.email}"
    return found[-1]


def test_an_information_request_reaches_a_french_contact_in_french(
    alice, sam, mailoutbox, django_capture_on_commit_callbacks
):
    """The secretariat works in English; the partner contact reads French."""
    from alliance.diligence import actions
    from tests.diligence.helpers import case_for

    case = case_for(alice)
    _speaks(alice, "fr")
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        actions.info_request_send(actor=sam, case=case, question="Envoyez les comptes 2025.")
    mail = _mail_to(mailoutbox, alice)
    assert "une question sur votre candidature" in mail.subject
    assert "question about your application" not in mail.subject
    assert "L'examen de diligence raisonnable du secrétariat" in mail.body
    assert "needs more information" not in mail.body
    assert "Envoyez les comptes 2025." in mail.body  # the question itself is as written


def test_a_notice_reaches_an_arabic_contact_in_arabic_with_an_arabic_date(
    ada, carla, ben, alice, sam, mailoutbox, django_capture_on_commit_callbacks, settings, tmp_path
):  # type: ignore[no-untyped-def]
    from alliance.governance import actions
    from alliance.governance.models import NoticeKind, Notification
    from tests.factories import admitted_partnership
    from tests.governance.conftest import seat

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    actions.rules_seed_first(
        actor=ada,
        rules={"quorum_minimum": 1},
        adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben)],
    )
    partner = admitted_partnership(alice, sam, legal_name="Other Aid")
    _speaks(alice, "ar")
    mailoutbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        notice = actions.notice_send(
            actor=carla,
            partnership=partner,
            kind=NoticeKind.SUSPENSION,
            reasons="Late reports.",
            today=date(2026, 3, 2),
        )
    mail = _mail_to(mailoutbox, alice)
    with translation.override("ar"):
        kind = str(NoticeKind(notice.kind).label)
        from django.utils.formats import date_format

        due = date_format(notice.response_due, "DATE_FORMAT")
    assert kind != "Suspension" and kind in mail.body
    assert "يرجى الرد في موعد أقصاه" in mail.body and due in mail.body
    assert "Please respond" not in mail.body and "Veuillez" not in mail.body
    stored = Notification.objects.get(user=alice, kind="notice.sent")
    assert "يرجى الرد" in stored.text  # the in-app notice too


def test_one_notice_to_a_french_and_an_arabic_member_goes_out_in_both_languages(
    ben, carla, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy as _

    from alliance.core.i18n import lazy_format
    from alliance.core.notifications import notify
    from alliance.governance.models import Notification

    _speaks(ben, "fr")
    _speaks(carla, "ar")
    text = lazy_format(
        _("Board meeting scheduled: %(title)s on %(day)s."), title="AGM", day=date(2026, 5, 4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([ben, carla], kind="meeting.scheduled", text=text, url="/board/") == 2
    french, arabic = _mail_to(mailoutbox, ben), _mail_to(mailoutbox, carla)
    assert "Réunion du Conseil d'administration prévue : AGM le 4 mai 2026." in french.body
    assert "اجتماع مجلس الإدارة مقرر: AGM" in arabic.body and "مايو" in arabic.body
    for mail in (french, arabic):
        assert "Board meeting scheduled" not in mail.subject + mail.body
    assert Notification.objects.get(user=ben).text.startswith("Réunion du Conseil")
    assert Notification.objects.get(user=carla).text.startswith("اجتماع مجلس الإدارة")


def test_without_a_chosen_language_the_site_language_is_used(
    ben, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from django.utils.translation import gettext_lazy as _

    from alliance.core.notifications import notify

    assert ben.language == ""
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        notify([ben], kind="x", text=_("Your partnership is suspended by decision of the Board."))
    assert settings.LANGUAGE_CODE.startswith("en")
    assert "Your partnership is suspended" in _mail_to(mailoutbox, ben).body


def test_the_overdue_reminder_is_in_the_contacts_language_with_local_money(alice, sam):  # type: ignore[no-untyped-def]
    """Amounts with the locale's separators, the subject and body in French."""
    from decimal import Decimal

    from django.core import mail

    from alliance.funding.tasks import send_overdue_reminders
    from tests.factories import admitted_partnership
    from tests.funding.test_money import _pledge

    partner = admitted_partnership(alice, sam)
    contact = User.objects.get(email="alice@amani.example")
    _speaks(contact, "fr")
    _pledge(
        sam,
        partner,
        total=Decimal("2000"),
        currency="USD",
        rate_to_base=Decimal(1),
        years=1,
        per_year=2,
        start=date(2026, 1, 10),
    )
    mail.outbox.clear()
    assert send_overdue_reminders(date(2026, 1, 11)) == 1
    reminder = mail.outbox[-1]
    assert reminder.subject.startswith("Échéance 1 de la contribution en retard")
    # Django's French format groups thousands with a no-break space and uses a comma.
    assert re.search(r"1\s000,00\sUSD", reminder.body), reminder.body
    assert "is overdue" not in reminder.body


# --- the Board pack PDF --------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return " ".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def signed(alice, sam, rita):  # type: ignore[no-untyped-def]
    from tests.diligence.helpers import case_for, signed_case

    return signed_case(case_for(alice), sam, rita)


@pytest.mark.parametrize(
    ("language", "headings", "direction"),
    [
        (
            "fr",
            ["Résumé", "Candidat", "Position commerciale en matière d'identité numérique"],
            "ltr",
        ),
        ("ar", ["الملخص", "مقدم الطلب", "الموقف التجاري بشأن الهوية الرقمية"], "rtl"),
    ],
)
def test_the_board_pack_pdf_is_in_the_requesters_language(
    signed, rita, language, headings, direction, settings, tmp_path
):  # type: ignore[no-untyped-def]
    from alliance.diligence import actions, boardpack
    from alliance.diligence.models import BoardPack

    settings.MEDIA_ROOT = tmp_path / "media"
    _speaks(rita, language)
    with translation.override(language):
        html = boardpack.render_html(signed, for_pdf=True)
    assert f'dir="{direction}"' in html and f'lang="{language}"' in html
    with translation.override("en-gb"):  # the request's language does not decide
        actions.board_pack_generate(actor=rita, case=signed)
    text = _pdf_text(BoardPack.objects.get(case=signed).pdf.read())
    for heading in headings:
        assert heading in text, (heading, text[:400])
    assert "Commercial stance on digital identity" not in text
    assert "Summary" not in text


def test_an_explicit_language_overrides_the_requesters(signed, rita, settings, tmp_path):  # type: ignore[no-untyped-def]
    from alliance.diligence import boardpack

    _speaks(rita, "fr")
    text = _pdf_text(boardpack.render_pdf(signed, language="es"))
    assert "Resumen" in text or "Solicitante" in text
    assert "Résumé" not in text


def test_arabic_glyphs_are_in_a_font_embedded_in_the_pdf(signed):  # type: ignore[no-untyped-def]
    """The Arabic pack draws its Arabic letters with a font that has them (DejaVu Sans,
    from Debian's fonts-dejavu-core), so they extract as Arabic, not as missing boxes."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    from alliance.diligence import boardpack

    document = pypdfium2.PdfDocument(boardpack.render_pdf(signed, language="ar"))
    textpage = document[0].get_textpage()
    fonts = set()
    arabic = 0
    for index in range(pdfium.FPDFText_CountChars(textpage.raw)):
        if 0x0600 <= pdfium.FPDFText_GetUnicode(textpage.raw, index) <= 0x06FF:
            arabic += 1
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium.FPDFText_GetFontInfo(textpage.raw, index, name, 256, ctypes.byref(flags))
            fonts.add(name.value.decode())
    assert arabic > 100, arabic
    assert fonts and all("DejaVu" in font for font in fonts), fonts
    text = textpage.get_text_range()
    assert "ملف المجلس" in text and "\ufffd" not in text


def test_allauth_mails_follow_the_accounts_language(alice, ben, mailoutbox):  # type: ignore[no-untyped-def]
    """A password-reset mail to a French account is in French even from an English page;
    an account with no choice gets the language of the page that asked."""
    from allauth.account.adapter import get_adapter
    from allauth.core.context import request_context
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    _speaks(alice, "fr")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()  # the page that asked: nobody signed in
    adapter = get_adapter(request)
    context = {"password_reset_url": "https://alliance.example.org/reset/x/"}
    with request_context(request), translation.override("en-gb"):
        adapter.send_mail(
            "account/email/password_reset_key", alice.email, {**context, "user": alice}
        )
    with request_context(request), translation.override("es"):
        adapter.send_mail("account/email/password_reset_key", ben.email, {**context, "user": ben})
    assert "E-mail de réinitialisation de mot de passe" in _mail_to(mailoutbox, alice).subject
    assert "Password Reset" not in _mail_to(mailoutbox, ben).subject
    assert "Password Reset" not in _mail_to(mailoutbox, alice).subject


def test_the_board_packs_codes_and_reasoning_values_read_in_spanish(signed):  # type: ignore[no-untyped-def]
    """The level and depth of review are engine codes, shown as their kind agrees them
    (msgctxt), and the risk engine's reasoning reads in Spanish around its numbers."""
    from django.utils.translation import pgettext

    from alliance.diligence import boardpack

    assessment = signed.assessment
    with translation.override("es"):
        html = boardpack.render_html(signed, for_pdf=True)
        depth = pgettext("depth of review", assessment["depth_of_review"])
        level = pgettext("risk level", assessment["level"].capitalize())
    assert f"profundidad del examen: {depth}." in html, html
    assert f">{level}</strong>" in html
    assert "Total de " in html and "nivel de riesgo" in html
    assert f"depth of review {assessment['depth_of_review']}." not in html
