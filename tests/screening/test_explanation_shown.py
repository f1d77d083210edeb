"""A hit's explanation in the reader's language: the real screener, over cases that reach
each of its feature sentences and each way two words pair up, writes nothing that
``screening.reasoning`` cannot read back into a msgid; so rewording a sentence in the
engine fails here until its form follows (the engine, its tests and CLI stay English)."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance.core.reasoning import Form
from alliance.engines.screening.matcher import Query, Screener, _compared
from alliance.engines.screening.model import EntryKind, ListEntry, NameParts
from alliance.engines.screening.scorer import Explanation
from alliance.screening.reasoning import (
    DETAIL_FORMS,
    HOW_FORMS,
    detail_shown,
    how_shown,
    kind_shown,
    number,
)

P, ORG = EntryKind.PERSON, EntryKind.ORGANISATION


def _entry(entry_id: str, kind: EntryKind, name: str, **extra: object) -> ListEntry:
    return ListEntry("test", entry_id, kind, name, **extra)  # type: ignore[arg-type]


FAMILIES = [a + b for a in "bdgklmnprt" for b in "ao"]
# Hamid is a common name here (twenty listed people share it), Zembla and Holding are
# generic words (on thirty listed organisations).
ENTRIES = [
    *(_entry(f"H{i}", P, f"Hamid Zur{family}ev") for i, family in enumerate(FAMILIES)),
    *(_entry(f"F{i}", ORG, f"Qorvex{chr(97 + i % 26)}{i} Zembla Holding") for i in range(30)),
    _entry("P1", P, "حميد برقخ"),
    _entry("P2", P, "Zuhair HAMAD"),
    _entry("P3", P, "Alexander"),
    _entry("P4", P, "Mohammad Reza HABIBI"),
    _entry("P5", P, "Eugenio MONTOYA SANCHEZ", birth_dates=("1950",), nationalities=("co",)),
    _entry("P6", P, "Hossein KARIMOV", birth_dates=("1961-04-02",)),
    _entry("P7", P, "John SMITH", name_parts=(NameParts("John SMITH", "John", last_name="SMITH"),)),
    _entry("P9", P, "Хуан Гарсия"),
    _entry("P10", P, "Ali HASSAN"),
    _entry("P11", P, "Reza MIRZAEI"),
    _entry("P12", P, "Xi Jinping"),
    _entry("P13", P, "高石"),
    _entry("P14", P, "Muhammad bin Salman al-Rawi"),
    _entry("P15", P, "مصطفی محمد خانی"),
    _entry("P16", P, "فاضل غريب"),
    _entry("P17", P, "Fadi Hussein SERHAN"),
    _entry("P18", P, "Aleksandr DUGIN"),
    _entry("P19", P, "Vyacheslav DUKHIN"),
    _entry("P20", P, "حمد الله سنانی"),
    _entry("O1", ORG, "SAN"),
    _entry("O2", ORG, "CASTLE INVEST"),
    _entry("O3", ORG, "GLOBAL TRADING GROUP"),
    _entry("O4", ORG, "VELMORA TRADING GROUP", countries=("ae",)),
    _entry("O5", ORG, "ALFA BANK JSC"),
    _entry("O7", ORG, "Bluewater Shipping", countries=("pa",)),
    _entry("O8", ORG, "Velorin 44"),
]

QUERIES = [
    Query("Hamid Barakov", kind="person"),  # consonants only (across scripts)
    Query("三", kind="organisation"),  # one character
    Query("Suhail HAMAD", kind="person"),  # typo, but different given names
    Query("Alexander DEEV", kind="person"),  # one given name
    Query("Roza HABIBI", kind="person"),  # vowels differ, but different given names
    Query("E. MONTOYA SANCHEZ", kind="person", birth_date="1952", country="ve"),
    Query("Eugenio Montoya Sanchez", kind="organisation", birth_date="1950"),
    Query("Husain KARIMOV", kind="person", birth_date="1961-04-02"),
    Query("Hossein KARIMOV", kind="person", birth_date="1961"),
    Query("Hossein KARIMOV", kind="person", birth_date="1980"),
    Query(first_name="Smith", last_name="John", kind="person"),  # name parts
    Query("Juan Garcia", kind="person"),  # same name (Хуан)
    Query("COASTAL INVESTMENTS LLC", kind="organisation"),  # sounds alike, legal form
    Query("Trading Group", kind="organisation", country="ae"),  # only generic words
    Query("Velnora Trading Group", kind="organisation"),  # typo as written (written typo)
    Query("Ali HASSAM", kind="person"),  # typo
    Query("Blue water Shipping", kind="organisation", country="pa"),  # read as
    Query("Xi Jin Ping", kind="person"),  # joined spelling
    Query("高市", kind="person"),  # written characters
    Query("Salman bin Muhammad al-Rawi", kind="person"),  # father's name vs own name
    Query("Kevin MAHMOUD", kind="person"),  # written vowels differ
    Query("Fadel Gribov", kind="person"),  # a written v or w is missing
    Query("Fadi Husayn", kind="person"),  # the listed family name agrees with no word
    Query("Alexander Dukhin", kind="person"),  # typo, but each is a name on the lists
    Query("Ahmad Sunani", kind="person"),  # consonants, but one starts with a vowel
    Query("Velorin 45", kind="organisation"),  # numbers
    Query("Alfa Bank LLC", kind="organisation"),  # legal form
]


@pytest.fixture(scope="module")
def explanations() -> list[Explanation]:
    screener = Screener.from_entries(ENTRIES)
    found = [m.explanation for q in QUERIES for m in screener.screen(q, threshold=0.0, limit=40)]
    # A re-spaced reading whose part pairs with no listed word scores nothing, so the
    # screener shows another reading instead: the matcher's own comparison of it.
    (alireza,) = [f for f in screener.prepare(Query("Alireza", kind="person")).forms if f.respaced]
    listed = screener.prepare(Query("Reza MIRZAEI", kind="person")).forms[0]
    found.append(_compared(alireza, listed, P, screener.is_common_name, screener.is_common_name))
    return found


def _reader(text: str, forms: tuple[Form, ...]) -> str | None:
    """The English form of ``forms`` that reads ``text``."""
    return next((f.english for f in forms if f.read(text) is not None), None)


def test_every_feature_detail_and_pairing_reads_back_into_a_form(explanations) -> None:
    details = {(f.name, f.detail) for e in explanations for f in e.features}
    hows = {p.how for e in explanations for p in e.pairs}
    unread = sorted(
        [d for d in details if _reader(d[1], DETAIL_FORMS.get(d[0], ())) is None]
        + [("how", h) for h in hows if _reader(h, HOW_FORMS) is None]
    )
    assert unread == [], "engine sentences no form reads (add them to screening.reasoning)"
    # Each form is reached by a case: a form the engine no longer writes shows up here.
    used = {_reader(text, DETAIL_FORMS[name]) for name, text in details}
    used |= {_reader(how, HOW_FORMS) for how in hows}
    unused = [f.english for forms in (*DETAIL_FORMS.values(), HOW_FORMS) for f in forms
              if f.english not in used]  # fmt: skip
    assert unused == []


def test_the_explanation_reads_in_french(explanations) -> None:
    features = [f for e in explanations for f in e.features]
    hows = sorted({p.how for e in explanations for p in e.pairs})
    with translation.override("fr"):
        shown = {f.detail: detail_shown({"name": f.name, "detail": f.detail}) for f in features}
        assert all(fr != en for en, fr in shown.items()), shown
        assert all(how_shown(h) != h for h in hows)
        assert shown["query is organisation, list entry is person"] == (
            "nom filtré : organisation, entrée de la liste : personne"
        )
        assert shown["born 1952, listed 1950"] == "né(e) en 1952, inscrit(e) : 1950"
        assert shown["ve not in co"] == "VE absent de CO"
        assert shown["names written with different spacing: 1.00"] == (
            "noms écrits avec des espaces différents : 1,00"
        )
        assert shown["Han characters differ: written similarity 0.25"] == (
            "les caractères han diffèrent : similarité écrite 0,25"
        )
        assert shown["llc vs jsc"] == "llc (nom filtré) contre jsc (nom inscrit)"
        assert how_shown("typo, but different given names") == (
            "faute de frappe, mais prénoms différents"
        )
        assert how_shown("exact, but father's name vs own name") == (
            "identique, mais nom du père contre nom propre"
        )
        assert kind_shown("organisation") == "organisation" and kind_shown("person") == "personne"
    with translation.override("es"):
        assert number("0.91") == "0,91"
    with translation.override("ar"):
        assert how_shown("sounds alike") != "sounds alike"


def test_a_detail_no_form_knows_is_shown_as_written() -> None:
    with translation.override("fr"):
        assert detail_shown({"name": "kind", "detail": "checked by hand"}) == "checked by hand"
        # A form belongs to its feature: another feature's sentence is not read by it.
        assert detail_shown({"name": "numbers", "detail": "both are person"}) == "both are person"
        assert how_shown("by hand") == "by hand"
        assert number("n/a") == "n/a"
