"""The secretariat's translation pages, and the application form's principles in the
applicant's language (issue 18 item 4)."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from alliance.core.content_i18n import ERR_EMPTY_TEXT, ERR_UNKNOWN_LANGUAGE
from alliance.core.models import AuditEvent
from alliance.organisations.models import Attestation, PrincipleSet
from alliance.organisations.principles import PRINCIPLES, principle_text_hash
from alliance.organisations.selectors import current_principle_set
from tests.factories import COMPLETE_APPLICATION, draft_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english():
    """The pages asked in another language leave it active in the thread: put English
    back for the tests that run next."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


FIRST = PRINCIPLES[0]
FRENCH_TITLE = "L'identité est un droit humain"


def _edit_url(kind: str, language: str, version: int | None = None) -> str:
    query = f"?language={language}" + (f"&version={version}" if version else "")
    return reverse("web:translation_edit", args=[kind]) + query


def _fields_for(response, texts: dict[str, str]) -> dict[str, str]:
    """The form's data with ``texts`` (by key) filled in, every other field blank."""
    form = response.context["form"]
    keys = {entry.key: f"t{index}" for index, entry in enumerate(form.entries)}
    data = {name: "" for name in form.fields}
    data.update({keys[key]: text for key, text in texts.items()})
    return data


def test_the_secretariat_sees_every_kind(client, login, sam):
    login(sam)
    response = client.get(reverse("web:translations"))
    assert response.status_code == 200
    for slug in ("principles", "tiers", "rules", "criteria"):
        assert f'id="translations-{slug}"'.encode() in response.content


@pytest.mark.parametrize("who", ["alice", "rita", "ben", "ada"])
def test_others_are_refused(client, login, who, request):
    login(request.getfixturevalue(who))
    assert client.get(reverse("web:translations")).status_code == 403
    assert client.get(_edit_url("principles", "fr")).status_code == 403
    assert client.post(_edit_url("principles", "fr"), {"t0": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(verb__endswith="translation_set").exists()


def test_the_secretariat_translates_a_principle(client, login, sam):
    login(sam)
    page = client.get(_edit_url("principles", "fr"))
    assert page.status_code == 200
    assert FIRST["title"] in page.content.decode()  # the English source beside each field
    data = _fields_for(page, {f"{FIRST['code']}.title": FRENCH_TITLE})
    response = client.post(_edit_url("principles", "fr"), data)
    assert response.status_code == 302
    stored = PrincipleSet.objects.get()
    assert stored.translations == {"fr": {f"{FIRST['code']}.title": FRENCH_TITLE}}
    assert AuditEvent.objects.filter(verb="principle_set.translation_set", actor=sam).count() == 1


def test_a_saved_translation_cannot_be_emptied(client, login, sam):
    login(sam)
    page = client.get(_edit_url("principles", "fr"))
    client.post(_edit_url("principles", "fr"), _fields_for(page, {f"{FIRST['code']}.title": "T"}))
    version = PrincipleSet.objects.get().pk
    page = client.get(_edit_url("principles", "fr", version))
    response = client.post(_edit_url("principles", "fr", version), _fields_for(page, {}))
    assert response.status_code == 400
    label = page.context["form"].entries[0].label
    assert str(ERR_EMPTY_TEXT).format(key=label) in response.content.decode()
    assert PrincipleSet.objects.get().translations["fr"][f"{FIRST['code']}.title"] == "T"


def test_an_unknown_language_is_refused_with_a_clear_message(client, login, sam):
    login(sam)
    response = client.post(_edit_url("criteria", "de"), {"t0": "Waffen"})
    assert response.status_code == 400
    assert str(ERR_UNKNOWN_LANGUAGE).format(language="de") in response.content.decode()
    assert not AuditEvent.objects.filter(verb__endswith="translation_set").exists()


def test_an_unknown_kind_or_version_names_nothing(client, login, sam):
    login(sam)
    assert client.get(_edit_url("anthem", "fr")).status_code == 404
    assert client.get(_edit_url("rules", "fr", 999)).status_code == 404


def test_a_french_applicant_reads_and_attests_to_the_french_text(client, login, alice, sam):
    from alliance.organisations import actions

    actions.principle_set_translation_set(
        actor=sam,
        principle_set=current_principle_set(),
        language="fr",
        texts={f"{FIRST['code']}.title": FRENCH_TITLE},
    )
    application = draft_application(alice)
    actions.application_update(
        actor=alice, application=application, application_fields=COMPLETE_APPLICATION
    )
    login(alice)
    url = reverse("web:apply_step", args=[application.pk, "principles"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert FRENCH_TITLE in html.unescape(page.content.decode())
    data = {f"principle_{p['code']}": "on" for p in PRINCIPLES} | {"privacy_consent": "on"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    attestation = Attestation.objects.get(application=application, principle_code=FIRST["code"])
    assert attestation.language == "fr"
    assert attestation.text_shown["title"] == FRENCH_TITLE
    assert attestation.text_sha256 == principle_text_hash(attestation.text_shown)


def test_an_arabic_reader_sees_english_where_there_is_no_translation(client, login, alice):
    application = draft_application(alice)
    login(alice)
    url = reverse("web:apply_step", args=[application.pk, "principles"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert FIRST["title"] in page.content.decode()
