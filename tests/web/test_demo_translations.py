"""The demo seeds French, Spanish and Arabic translations of its principles, tier names,
rules and policy criteria, and the pages show them in each language (issue 18 item 4)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from alliance.core.models import AuditEvent
from alliance.demo import translations as demo
from alliance.diligence.policies import default_policy_version, policy_entries
from alliance.funding.selectors import schedule_version_in_force, tier_entries
from alliance.governance.models import RulesVersion
from alliance.organisations.principles import principle_entries
from alliance.organisations.selectors import current_principle_set
from tests.web.test_crawl import demo as demo_site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english():
    """The pages asked in another language leave it active in the thread: put English
    back for the tests that run next."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


LANGUAGES = ("fr", "es", "ar")


def _complete(obj, entries) -> bool:
    keys = {e.key for e in entries}
    return all(keys <= set((obj.translations or {}).get(code, {})) for code in LANGUAGES)


def test_the_demo_translates_every_kind(demo_site):  # noqa: F811
    principle_set = current_principle_set()
    assert principle_set.pk is not None
    assert _complete(principle_set, principle_entries(principle_set.principles))
    from django.utils import timezone

    tiers = schedule_version_in_force(timezone.localdate())
    assert _complete(tiers, tier_entries(tiers.schedule))
    founding = RulesVersion.objects.get(version=1)
    assert {code: founding.translations[code]["summary"] for code in LANGUAGES} == (
        demo.RULES_SUMMARIES[founding.summary]
    )
    policy = default_policy_version()
    assert _complete(policy, policy_entries(policy))
    assert AuditEvent.objects.filter(verb__endswith=".translation_set").exists()


def test_a_second_seed_changes_nothing(demo_site):  # noqa: F811
    from alliance.accounts.models import User

    events = AuditEvent.objects.filter(verb__endswith=".translation_set").count()
    staff = {"secretariat": User.objects.get(email__startswith="secretariat@")}
    demo.seed(logins={}, staff=staff, today=None)  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(verb__endswith=".translation_set").count() == events


@pytest.mark.parametrize(
    ("language", "tier", "rules"),
    [
        ("fr", "Partenaire stratégique", "Les règles adoptées lors de la réunion fondatrice."),
        ("es", "Asociado estratégico", "Las normas aprobadas en la reunión fundacional."),
        ("ar", "شريك استراتيجي", "القواعد المعتمدة في الاجتماع التأسيسي."),
    ],
)
def test_the_public_pages_show_the_translations(client, demo_site, language, tier, rules):  # noqa: F811
    schedule = client.get(reverse("governance:tier_schedule"), HTTP_ACCEPT_LANGUAGE=language)
    assert tier in html.unescape(schedule.content.decode())
    page = client.get(reverse("governance:rules"), HTTP_ACCEPT_LANGUAGE=language)
    assert rules in html.unescape(page.content.decode())
