"""The tier schedule page in French and Arabic: the seeded tiers' benefits and what
adopted each version, stored in English (the schedule's data and the log's fact), are
shown in the reader's language; a text the catalog does not know is shown as stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from alliance.engines import tiers as engine
from alliance.funding import labels
from alliance.funding.actions import tier_schedule_seed
from alliance.funding.models import TierScheduleVersion

pytestmark = pytest.mark.django_db


def _page(client, language: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(
        reverse("governance:tier_schedule"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()


def test_every_benefit_of_the_seeded_schedule_has_a_translation() -> None:
    benefits = {b for tier in engine.default_schedule().tiers for b in tier.benefits}
    assert benefits == set(labels.TIER_BENEFITS)


def test_the_benefits_read_in_french_and_arabic_and_stay_english_in_the_data(
    client, sam, login
) -> None:  # type: ignore[no-untyped-def]
    tier_schedule_seed()
    login(sam)
    french = _page(client, "fr")
    assert "Peut présider des groupes de travail et des comités consultatifs" in french
    assert "Participation aux groupes de travail" in french
    arabic = _page(client, "ar")
    assert "يجوز له رئاسة الأفرقة العاملة واللجان الاستشارية" in arabic
    assert "May chair working groups" not in french + arabic
    stored = TierScheduleVersion.objects.get(number=1).schedule["tiers"][0]["benefits"]
    assert "May chair working groups and advisory committees" in stored


def test_a_benefit_a_later_version_words_otherwise_is_shown_as_written(client, sam, login) -> None:  # type: ignore[no-untyped-def]
    tier_schedule_seed()
    first = TierScheduleVersion.objects.get(number=1)
    schedule = dict(first.schedule)
    tiers = [dict(t) for t in schedule["tiers"]]
    tiers[0]["benefits"] = ["A seat at the annual dinner", *tiers[0]["benefits"][1:]]
    TierScheduleVersion.objects.create(
        number=2,
        label="2026-2",
        schedule={**schedule, "tiers": tiers},
        effective_from=date(2024, 1, 1),
        decision_note="Written by the secretariat",
    )
    login(sam)
    french = _page(client, "fr")
    assert "A seat at the annual dinner" in french
    assert "Written by the secretariat" in french
    assert "Participation à tous les groupes de travail" in french


@pytest.mark.parametrize(
    ("note", "language", "shown"),
    [
        (
            "Default schedule seeded at installation (docs/engines.md)",
            "fr",
            "Barème par défaut enregistré à l&#x27;installation (docs/engines.md)",
        ),
        (
            "Default schedule seeded at installation (docs/engines.md)",
            "ar",
            "الجدول الافتراضي المُدرج عند التثبيت (docs/engines.md)",
        ),
        ("Seeded default schedule", "fr", "Barème par défaut enregistré à l&#x27;installation"),
        (
            "Board motion #12: Adopt the 2027 schedule",
            "fr",
            "Motion nº 12 du Conseil d&#x27;administration : Adopt the 2027 schedule",
        ),
        (
            "Board motion #12: Adopt the 2027 schedule",
            "ar",
            "اقتراح مجلس الإدارة رقم 12: Adopt the 2027 schedule",
        ),
    ],
)
def test_what_adopted_the_schedule_reads_in_the_readers_language(
    client, sam, login, note, language, shown
) -> None:  # type: ignore[no-untyped-def]
    tier_schedule_seed()
    TierScheduleVersion.objects.filter(number=1).update(decision_note=note)
    login(sam)
    page = _page(client, language)
    assert shown in page
    assert note.split(" (")[0].split(":")[0] not in page
    assert TierScheduleVersion.objects.get(number=1).decision_note == note
