"""A log entry's page says a fact's coded values (an outcome, a vote, a status, a yes or
no) in the reader's language, with the value as signed beside it; names stay as written
and the leaf data the browser verifies is unchanged."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.transparency.selectors import entry_view, readable

pytestmark = pytest.mark.django_db


def _facts(page: str) -> dict[str, str]:
    """The fact list of an entry page: label → the <dd>'s inner HTML."""
    facts = page.split('class="summary"', 1)[1].split("</dl>", 1)[0]
    return dict(re.findall(r"<dt>([^<]*)</dt><dd[^>]*>(.*?)</dd>", facts, re.S))


def _motion():  # type: ignore[no-untyped-def]
    # Published directly: the fact has a "kind" key, like the motions the Board publishes.
    from django.db import transaction

    from alliance.transparency.services import publish_fact

    fact = {
        "title": "Admit A as a partner",
        "kind": "admission",
        "outcome": "passed",
        "outcome_words": "Passed",
        "closed_on": "2026-06-27",
        "recused": [],
        "votes": {"Amara Okonkwo": "for", "Sofía Márquez": "against", "Nguyen Thi Lan": "abstain"},
    }
    with transaction.atomic():
        return publish_fact(kind="board.motion", subject="motion:7", fact=fact)


def test_a_motions_coded_values_read_in_french_beside_the_signed_codes(client, publish):  # type: ignore[no-untyped-def]
    entry = _motion()
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("transparency:entry", args=[entry.index])).content.decode()
    facts = _facts(page)
    assert facts["Résultat"].startswith('Adoptée <code class="signed-value"')
    assert ">passed</code>" in facts["Résultat"]
    # The outcome's English label, as signed, in French too.
    assert facts["Résultat en toutes lettres"].startswith("Adoptée <code")
    assert ">Passed</code>" in facts["Résultat en toutes lettres"]
    # A date as French writes it, the ISO date as signed beside it.
    assert facts["Clôturé le"].startswith("27 juin 2026 <code")
    assert ">2026-06-27</code>" in facts["Clôturé le"]
    # "Admission" is the code's own word in French too: shown once.
    assert facts["Type"] == "Admission"
    # The voters' names as written (not "Amara okonkwo"), their votes in French.
    assert "Amara Okonkwo: Pour" in facts["Votes"]
    assert "Sofía Márquez: Contre" in facts["Votes"]
    assert "Nguyen Thi Lan: Abstention" in facts["Votes"]
    assert facts["Récusé"] == "aucun"  # nobody: masculine, not "aucune" (walk 3)
    # The leaf the browser checks the shown fact against is the signed document.
    shown = re.search(r'data-shown="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    assert json.loads(shown.replace("&quot;", '"'))["fact"]["outcome"] == "passed"


def test_a_partners_status_and_yes_no_read_in_arabic(client, publish):  # type: ignore[no-untyped-def]
    entry = publish(
        "partner.admitted",
        "organisation:a",
        organisation="A",
        status="active",
        type="ngo",
        founding_partner=False,
        commercial_stance="Declares no commercial interest in digital identity.",
    )
    client.cookies["django_language"] = "ar"
    facts = _facts(client.get(reverse("transparency:entry", args=[entry.index])).content.decode())
    with translation.override("ar"):
        assert facts["الحالة"].startswith(str(translation.gettext("Active")) + " <code")
        assert facts["شريك مؤسس"].startswith(translation.gettext("no") + " <code")
    assert ">false</code>" in facts["شريك مؤسس"]
    assert ">active</code>" in facts["الحالة"]
    assert "active" not in facts["الحالة"].split("<code")[0]
    # The fixed sentence the log states for no commercial interest, in Arabic too.
    stance = facts["الموقف التجاري"]
    assert not stance.startswith("Declares") and ">Declares no commercial" in stance


def test_an_unregistered_code_and_free_text_stay_as_before(publish):  # type: ignore[no-untyped-def]
    entry = publish("group.recommendation", "recommendation:1", title="Offline first", late=True)
    with translation.override("en-gb"):
        fields = {label: (value, signed) for label, value, signed in entry_view(entry).fields}
        assert fields["Title"] == ("Offline first", "")
        assert fields["Late"] == ("yes", "true")
        # A code nobody registered is still said in words, with nothing beside it.
        assert readable("some_new_code", "outcome") == "some new code"
        assert readable({"Ada Lovelace": "for"}, "votes") == "Ada Lovelace: For"


def test_a_country_and_the_time_read_as_the_locale_writes_them_beside_the_signed_values(
    client, publish
) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from alliance.transparency.services import publish_fact

    with transaction.atomic():
        entry = publish_fact(
            kind="partnership", subject="organisation:3", fact={"name": "A", "country": "GH"}
        )
    signed_time = entry.document["time"]
    url = reverse("transparency:entry", args=[entry.index])
    for language, country_label, country, time_label, month in (
        ("fr", "Pays", "Ghana", "Heure (UTC)", r"\d{1,2}(er)? \w+ \d{4} \d\d:\d\d"),
        (
            "ar",
            "البلد",
            "غانا",
            "الوقت (بالتوقيت العالمي المنسق)",
            r"\d{1,2} \S+، \d{4}، \d\d:\d\d",
        ),
    ):
        client.cookies["django_language"] = language
        page = client.get(url).content.decode()
        facts = dict(re.findall(r"<dt>([^<]*)</dt><dd[^>]*>(.*?)</dd>", page, re.S))
        assert facts[country_label].startswith(f"{country} <code"), facts
        assert ">GH</code>" in facts[country_label]
        shown = facts[time_label]
        assert re.match(rf'<time datetime="{re.escape(signed_time)}">{month}</time> <code', shown)
        assert f">{signed_time}</code>" in shown
        assert "T" not in shown.split("<time")[1].split(">", 1)[1].split("</time>")[0]
    client.cookies["django_language"] = "fr"
    log = client.get(reverse("transparency:overview")).content.decode()
    assert f'<time datetime="{signed_time}">' in log


def test_a_value_whose_words_are_its_code_is_shown_once(client):  # type: ignore[no-untyped-def]
    """Walk 3: in English the entry page read "Passed Passed" (the words, then the signed
    value beside them) and "Admission admission": the code is shown once when the words
    say nothing more; in French the signed code stays beside its words."""
    entry = _motion()
    url = reverse("transparency:entry", args=[entry.index])
    client.cookies["django_language"] = "en-gb"
    facts = _facts(client.get(url).content.decode())
    assert facts["Outcome in words"] == "Passed"
    assert facts["Outcome"] == "Passed"
    assert facts["Kind"] == "Admission"
    # Words that differ from the code keep the code beside them.
    assert ">2026-06-27</code>" in facts["Closed on"]
    client.cookies["django_language"] = "fr"
    facts = _facts(client.get(url).content.decode())
    assert ">passed</code>" in facts["Résultat"]
    assert ">Passed</code>" in facts["Résultat en toutes lettres"]


@pytest.mark.parametrize(
    ("language", "nobody", "generic"),
    [("fr", "aucun", "aucune"), ("es", "ninguno", "ninguna"), ("ar", "لا أحد", "لا شيء")],
)
def test_none_agrees_with_what_is_missing(language, nobody, generic):  # type: ignore[no-untyped-def]
    """Walk 3: "Récusé : aucune" — the one word "none" served every list. Each place
    that says none has its context, so each language agrees it: nobody recused is
    "aucun" in French, "ninguno" in Spanish, "لا أحد" in Arabic."""
    from alliance.governance.motion_words import decision_reason_shown
    from alliance.transparency.selectors import none_for

    reason = (
        "Board motion #3 'Admit A as a partner' passed under rules v1: 3 for, 0 against, "
        "0 abstaining; recused: none."
    )
    with translation.override(language):
        assert readable([], "recused") == nobody == none_for("recused")
        assert readable([], "beneficiaries") == generic
        shown = decision_reason_shown(reason)
        assert shown.rstrip(".").endswith(nobody), shown
