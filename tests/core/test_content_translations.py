"""Content that is data carries translations per language, English as fallback (issue 18
item 4): principles, tier names, rules texts and due-diligence criteria. An attestation
keeps the hash of exactly the text shown, in the language shown."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from alliance.core.content_i18n import (
    ERR_EMPTY_TEXT,
    ERR_NO_ENTRIES,
    ERR_TRANSLATE_STAFF,
    ERR_UNKNOWN_KEY,
    ERR_UNKNOWN_LANGUAGE,
    translated,
)
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.diligence.actions import policy_translation_set
from alliance.diligence.policies import criteria_shown, default_policy_version
from alliance.funding.actions import tier_schedule_seed, tier_schedule_translation_set
from alliance.funding.models import TierScheduleVersion
from alliance.funding.selectors import (
    tier_benefit_label,
    tier_choices_in_force,
    tier_label,
    tier_translations_carried,
)
from alliance.governance.actions import rules_translation_set
from alliance.organisations import actions
from alliance.organisations.models import Attestation
from alliance.organisations.principles import PRINCIPLES, principle_text_hash, principles_shown
from alliance.organisations.selectors import current_principle_set
from tests.factories import COMPLETE_APPLICATION, draft_application

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "L'identité est un droit humain"
FRENCH_TEXT = "Pouvoir prouver son identité est un droit humain fondamental et universel."


def _translate_first_principle(sam, title=FRENCH_TITLE, text=FRENCH_TEXT):
    code = PRINCIPLES[0]["code"]
    return actions.principle_set_translation_set(
        actor=sam,
        principle_set=current_principle_set(),
        language="fr",
        texts={f"{code}.title": title, f"{code}.text": text},
    )


def _attest(applicant, language):
    application = draft_application(applicant)
    actions.application_update(
        actor=applicant, application=application, application_fields=COMPLETE_APPLICATION
    )
    actions.application_attest(
        actor=applicant,
        application=application,
        principle_codes=[p["code"] for p in PRINCIPLES],
        privacy_consent=True,
        language=language,
    )
    application.refresh_from_db()
    return application


def test_translated_falls_back_to_english():
    translations = {"fr": {"a.title": "Titre"}}
    assert translated(translations, "a.title", "Title", "fr") == "Titre"
    assert translated(translations, "a.title", "Title", "fr-ca") == "Titre"
    assert translated(translations, "a.title", "Title", "es") == "Title"
    assert translated(translations, "b.title", "B", "fr") == "B"
    assert translated(translations, "a.title", "Title", "en-gb") == "Title"
    with translation.override("fr"):
        assert translated(translations, "a.title", "Title") == "Titre"


def test_an_attestation_in_french_stores_the_french_text_its_hash_and_the_language(alice, sam):
    _translate_first_principle(sam)
    application = _attest(alice, "fr")
    first = Attestation.objects.get(application=application, principle_code=PRINCIPLES[0]["code"])
    shown = {"code": PRINCIPLES[0]["code"], "title": FRENCH_TITLE, "text": FRENCH_TEXT}
    assert first.language == "fr"
    assert first.text_shown == shown
    assert first.text_sha256 == principle_text_hash(shown)
    assert first.text_sha256 != principle_text_hash(PRINCIPLES[0])
    # A principle with no French translation yet was shown, and hashed, in English.
    second = Attestation.objects.get(application=application, principle_code=PRINCIPLES[1]["code"])
    assert second.language == "fr"
    assert second.text_sha256 == principle_text_hash(PRINCIPLES[1])
    assert actions.application_problems(application) == []


def test_an_attestation_in_english_stores_the_english_hash(alice, sam):
    _translate_first_principle(sam)
    application = _attest(alice, "en-gb")
    first = Attestation.objects.get(application=application, principle_code=PRINCIPLES[0]["code"])
    assert first.language == settings.LANGUAGE_CODE
    assert first.text_sha256 == principle_text_hash(PRINCIPLES[0])


def test_a_language_with_no_translation_attests_in_english(alice, sam):
    _translate_first_principle(sam)
    application = _attest(alice, "es")
    first = Attestation.objects.get(application=application, principle_code=PRINCIPLES[0]["code"])
    assert first.language == settings.LANGUAGE_CODE
    assert first.text_sha256 == principle_text_hash(PRINCIPLES[0])


def test_changing_a_translation_later_does_not_alter_the_attested_hash(alice, sam):
    _translate_first_principle(sam)
    application = _attest(alice, "fr")
    code = PRINCIPLES[0]["code"]
    before = Attestation.objects.get(application=application, principle_code=code)
    _translate_first_principle(sam, title="L'identité, un droit humain")
    after = Attestation.objects.get(application=application, principle_code=code)
    assert (after.text_sha256, after.text_shown) == (before.text_sha256, before.text_shown)
    # What was attested still verifies against its own stored text ...
    assert after.text_sha256 == principle_text_hash(after.text_shown)
    # ... and the draft asks to attest again to the text as it now reads.
    assert [slug for slug, _ in actions.application_problems(application)] == ["principles"]
    # The English set (its version and hash) did not change.
    assert current_principle_set().version == before.principle_set.version


def test_the_principles_shown_follow_the_active_language(sam):
    _translate_first_principle(sam)
    principle_set = current_principle_set()
    with translation.override("fr"):
        assert principles_shown(principle_set)[0]["title"] == FRENCH_TITLE
    with translation.override("ar"):
        assert principles_shown(principle_set)[0]["title"] == PRINCIPLES[0]["title"]


def test_a_translation_set_is_audited(sam):
    principle_set = _translate_first_principle(sam)
    event = AuditEvent.objects.get(verb="principle_set.translation_set")
    assert event.actor == sam
    assert event.object_id == str(principle_set.pk)
    assert event.after["language"] == "fr"
    assert event.after["texts"][f"{PRINCIPLES[0]['code']}.title"] == FRENCH_TITLE


@pytest.mark.parametrize(
    ("language", "texts", "error"),
    [
        ("de", {"good_faith.title": "Guter Glaube"}, ERR_UNKNOWN_LANGUAGE.format(language="de")),
        (
            "en-gb",
            {"good_faith.title": "Good faith"},
            ERR_UNKNOWN_LANGUAGE.format(language="en-gb"),
        ),
        ("fr", {"good_faith.title": "  "}, ERR_EMPTY_TEXT.format(key="good_faith.title")),
        ("fr", {"nothing.title": "Rien"}, ERR_UNKNOWN_KEY.format(key="nothing.title")),
        ("fr", {}, str(ERR_NO_ENTRIES)),
    ],
)
def test_bad_translations_are_refused_and_change_nothing(sam, language, texts, error):
    with pytest.raises(ActionError) as raised:
        actions.principle_set_translation_set(
            actor=sam, principle_set=current_principle_set(), language=language, texts=texts
        )
    assert raised.value.message == str(error)
    assert not AuditEvent.objects.filter(verb="principle_set.translation_set").exists()


def test_only_the_secretariat_translates(alice, rita, ada):
    version = default_policy_version()
    for actor in (alice, rita, ada):
        with pytest.raises(NotAllowed) as raised:
            policy_translation_set(
                actor=actor, version=version, language="fr", texts={"x.name": "x"}
            )
        assert raised.value.message == str(ERR_TRANSLATE_STAFF)


def _translate_first_schedule(sam, texts: dict[str, str]) -> TierScheduleVersion:  # type: ignore[no-untyped-def]
    """Schedule version 1 with the secretariat's French ``texts`` set."""
    tier_schedule_seed()
    version = TierScheduleVersion.objects.get(number=1)
    tier_schedule_translation_set(actor=sam, version=version, language="fr", texts=texts)
    version.refresh_from_db()
    return version


def test_tier_names_are_shown_translated_and_stored_in_english(sam):
    version = _translate_first_schedule(sam, {"strategic_partner.name": "Partenaire stratégique"})
    assert tier_label("Strategic partner", version, "fr") == "Partenaire stratégique"
    assert tier_label("Strategic partner", version, "es") == "Strategic partner"
    assert tier_label("Partner", version, "fr") == "Partner"  # not translated yet
    with translation.override("fr"):
        choices = dict(tier_choices_in_force(version.effective_from))
    assert choices["Strategic partner"] == "Partenaire stratégique"
    # The schedule as the Board adopted it is unchanged.
    assert {t["name"] for t in version.schedule["tiers"]} >= {"Strategic partner"}


def test_tier_benefits_are_translated_by_the_secretariat_over_the_catalog(sam):
    """A benefit shows the secretariat's translation in the version; one it has not
    translated shows the catalog's wording of the seeded benefits; one neither knows
    stays as the Board wrote it."""
    version = _translate_first_schedule(
        sam, {"strategic_partner.benefit.0": "Reconnu comme partenaire stratégique"}
    )
    strategic = next(t for t in version.schedule["tiers"] if t["code"] == "strategic_partner")
    first, second = strategic["benefits"][:2]
    assert tier_benefit_label(first, version, "fr") == "Reconnu comme partenaire stratégique"
    with translation.override("fr"):
        catalog = str(translation.gettext(second))
    assert catalog != second  # the catalog words the seeded benefits in French
    assert tier_benefit_label(second, version, "fr") == catalog
    assert tier_benefit_label("A benefit the Board just added", version, "fr") == (
        "A benefit the Board just added"
    )
    with translation.override("en"):
        assert tier_benefit_label(first, version) == first
    # A later version that rewords the benefit does not keep the old translation.
    tiers = [
        {**t, "benefits": ["Reworded", *t["benefits"][1:]]}
        if t["code"] == "strategic_partner"
        else t
        for t in version.schedule["tiers"]
    ]
    reworded = {**version.schedule, "tiers": tiers}
    carried = tier_translations_carried(version, reworded)
    assert "strategic_partner.benefit.0" not in carried.get("fr", {})
    kept = tier_translations_carried(version, version.schedule)
    assert kept["fr"]["strategic_partner.benefit.0"] == "Reconnu comme partenaire stratégique"


def test_rules_summary_is_shown_translated(sam):
    from tests.factories import _board_for

    version = _board_for(sam)
    rules_translation_set(
        actor=sam,
        version=version,
        language="ar",
        texts={"summary": "القواعد المعتمدة في الاجتماع التأسيسي."},
    )
    version.refresh_from_db()
    with translation.override("ar"):
        assert version.summary_shown == "القواعد المعتمدة في الاجتماع التأسيسي."
    with translation.override("fr"):
        assert version.summary_shown == version.summary


def test_policy_criteria_are_shown_translated_and_the_data_stays(sam):
    version = default_policy_version()
    data_before = dict(version.data)
    code = version.data["criteria"][0]["code"]
    policy_translation_set(
        actor=sam, version=version, language="es", texts={f"{code}.name": "Armas"}
    )
    version.refresh_from_db()
    assert version.data == data_before
    shown = {c.code: c for c in criteria_shown(version, language="es")}
    assert shown[code].name == "Armas"
    english = {c.code: c for c in criteria_shown(version, language="fr")}
    assert english[code].name == version.data["criteria"][0]["name"]
