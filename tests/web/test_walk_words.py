"""What a French or Arabic reader of the demo met in English or in ISO dates on a walk
through it (the walk of 2026-12-04): tier names on the funding register, the organisation
page and its credential panel; the founding recognition on the tier schedule; the
system's events in an organisation's history; the dates the register states in
sentences and tables."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.accounts.models import User
from alliance.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages_in_english_after(settings):  # type: ignore[no-untyped-def]
    settings.ALLIANCE_PAGE_CACHE = False
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _get(client, name: str, language: str, *args) -> str:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = language
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _signed_in(client, email: str, language: str):  # type: ignore[no-untyped-def]
    user = User.objects.get(email=email)
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return user


def test_the_funding_register_names_the_tiers_in_french(client, demo):  # type: ignore[no-untyped-def]
    page = _get(client, "web:register_funding", "fr")
    table = page.split('id="register-funding-by-tier"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]*)</th>', table)
    assert "Partenaire stratégique" in rows and "Partenaire" in rows, rows
    assert "Strategic partner" not in rows and "Partner" not in rows


def test_the_tier_schedule_says_the_founding_recognition_in_arabic(client, demo):  # type: ignore[no-untyped-def]
    page = _get(client, "governance:tier_schedule", "ar")
    assert "one of the founding cohort" not in page
    assert "أحد أعضاء المجموعة المؤسِّسة" in page


def test_the_partners_page_names_its_tier_and_credential_state_in_french(client, demo):  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.get(legal_name="Meridian Identity Systems Ltd")
    _signed_in(client, "secretariat@demo.alliance.example", "fr")
    page = _get(client, "web:organisation_detail", "fr", organisation.pk)
    assert re.search(r"Actif depuis le [^<,]+, Partenaire stratégique</dd>", page)
    panel = page.split('id="credential-heading"', 1)[1].split("</section>", 1)[0]
    assert "<dd>Partenaire stratégique</dd>" in panel
    assert ">Valide</span>" in panel and ">valid</span>" not in panel
    assert "Strategic partner" not in panel


def test_the_history_says_system_in_the_readers_language(client, demo):  # type: ignore[no-untyped-def]
    from alliance.core.models import AuditEvent

    event = AuditEvent.objects.filter(actor=None, organisation__isnull=False).first()
    assert event is not None, "the demo records system events (screening runs)"
    _signed_in(client, "secretariat@demo.alliance.example", "fr")
    page = _get(client, "web:organisation_detail", "fr", event.organisation_id)
    history = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    assert " — système — " in history and " — system — " not in history
    # The time as French writes it, not ISO.
    assert not re.search(r">\d{4}-\d\d-\d\d \d\d:\d\d</time>", history)


def test_the_register_states_its_dates_as_the_locale_writes_them(client, demo):  # type: ignore[no-untyped-def]
    home = _get(client, "web:register", "fr")
    since = re.search(r'depuis le <time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', home)
    assert since, "the newest partners' dates in French words"
    assert re.fullmatch(r"\d{1,2}(er)? \w+ \d{4}", since.group(2)), since.group(2)
    partners = _get(client, "web:register_partners", "ar")
    cells = re.findall(r'<td><time datetime="([\d-]+)">([^<]+)</time></td>', partners)
    assert cells and all(not re.fullmatch(r"[\d-]+", words) for _iso, words in cells)


def test_a_rule_change_motion_says_its_proposed_rules_in_words(client, demo):  # type: ignore[no-untyped-def]
    from alliance.governance.models import Motion, MotionKind

    motion = Motion.objects.filter(kind=MotionKind.RULE_CHANGE).exclude(proposed_rules=None).first()
    assert motion is not None, "the demo has a rule change"
    _signed_in(client, "chair@demo.alliance.example", "fr")
    page = _get(client, "governance:motion", "fr", motion.pk)
    proposed = page.split("Règles proposées", 1)[1].split("</details>", 1)[0]
    # Not a Python dict (it was shown with |pprint: {'board_size': 7, ...}).
    assert "{'" not in proposed and "True" not in proposed
    with translation.override("fr"):
        seats = translation.gettext("%(seats)s seats, terms of %(years)s years") % {
            "seats": 7,
            "years": 3,
        }
        majority = translation.gettext("at least %(fraction)s of the seated members") % {
            "fraction": "2/3"
        }
    assert seats in proposed and majority in proposed
    # The JSON as proposed stays on the page, folded.
    assert "&quot;quorum_minimum&quot;: 4" in proposed


def test_an_admission_motion_reads_in_the_board_members_language(client, demo):  # type: ignore[no-untyped-def]
    """The motion's title and text were stated from the case in English when the chair
    opened it; a French member reads them in French, the names and the mover's own
    words as written."""
    from alliance.governance.models import Motion, MotionKind

    motion = Motion.objects.filter(
        kind=MotionKind.ADMISSION, title__startswith="Admit ", text__contains="Mover’s note:"
    ).first()
    assert motion is not None, "the demo has an admission motion with a mover's note"
    name = motion.application.organisation.legal_name
    _signed_in(client, "chair@demo.alliance.example", "fr")
    page = _get(client, "governance:motion", "fr", motion.pk)
    assert f">Admettre {name} comme partenaire</h1>" in page
    text = page.split('<p translate="no" dir="auto">', 1)[1].split("</p>", 1)[0]
    assert "Due-diligence case" not in text and "The Board admits" not in text
    assert f"Le Conseil admet {name}" in text.replace("&#x27;", "'")
    assert "Niveau de risque : " in text and "Recommandation : " in text
    note = motion.text.split("Mover’s note: ", 1)[1]
    with translation.override("fr"):
        assert f"{translation.gettext('Mover’s note:')} {note}" in text.replace("&#x27;", "'")
    # French puts a space before the colon: the label carries its own ("Next step:").
    assert "<strong>Étape suivante :</strong>" in page
    board = _get(client, "governance:board", "fr")
    assert f"Admettre {name} comme partenaire" in board


def test_the_history_reads_a_board_decisions_reason_in_french(client, demo):  # type: ignore[no-untyped-def]
    """The reason a passed motion records ("Board motion #1 'Admit …' passed under rules
    v1: 6 for, …") is English the platform wrote; the history says it in French."""
    organisation = Organisation.objects.get(legal_name="Meridian Identity Systems Ltd")
    _signed_in(client, "secretariat@demo.alliance.example", "fr")
    page = _get(client, "web:organisation_detail", "fr", organisation.pk)
    history = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    history = history.replace("&#x27;", "'")
    assert "passed under rules" not in history
    assert re.search(
        r"Motion du Conseil n° \d+ « Admettre Meridian Identity Systems Ltd comme partenaire »"
        r" adoptée selon les règles v\d+ : \d+ pour, \d+ contre, \d+ abstention\(s\) ;",
        history,
    ), history[:2000]


def test_a_partners_board_panel_does_not_say_its_admission_was_never_moved(client, demo):  # type: ignore[no-untyped-def]
    """Walk 3: the partner, admitted by a Board motion, read "No Board motions or notices"
    on its own page (it is shown the notices only). Its panel now says no notices and
    links to the Board's public decisions; the secretariat still sees the motions."""
    organisation = Organisation.objects.get(legal_name="Meridian Identity Systems Ltd")
    _signed_in(client, "contact.meridian-identity-systems-ltd@demo.alliance.example", "en")
    panel = (
        _get(client, "web:organisation_detail", "en", organisation.pk)
        .split('id="gov-org-h"', 1)[1]
        .split("</section>", 1)[0]
    )
    assert "No Board motions" not in panel
    assert "No due-process notices from the Board." in panel
    assert f'href="{reverse("governance:decisions")}"' in panel
    client.logout()
    _signed_in(client, "secretariat@demo.alliance.example", "en")
    staff = (
        _get(client, "web:organisation_detail", "en", organisation.pk)
        .split('id="gov-org-h"', 1)[1]
        .split("</section>", 1)[0]
    )
    assert 'href="/governance/motions/' in staff or "/motions/" in staff
