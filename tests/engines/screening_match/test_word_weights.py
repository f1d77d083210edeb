"""Word weights from the lists: generic words weigh less, a distinctive word must be shared;
the explanation carries the listed entry's details."""

from __future__ import annotations

from alliance.engines.screening.matcher import GENERIC_MIN_ENTRIES, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import fold_token
from alliance.engines.screening.scorer import (
    DEFAULT_THRESHOLD,
    DISTINCTIVE_SIMILARITY,
    NO_DISTINCTIVE_CAP,
    TokenPair,
    _shared_closely,
    score_names,
)

ORG = EntryKind.ORGANISATION


def _org(n: int, name: str, **extra: object) -> ListEntry:
    return ListEntry("test", f"E{n}", ORG, name, **extra)  # type: ignore[arg-type]


FILLER = [_org(100 + i, f"Qorvex{chr(97 + i % 26)}{i} Zembla Holding") for i in range(30)]


def _screener(*entries: ListEntry) -> Screener:
    return Screener.from_entries([*entries, *FILLER])


def test_a_dropped_generic_word_costs_little_when_screening():
    plain, _ = score_names("SADERAT PLC", "BANK SADERAT PLC", "organisation")
    assert plain < DEFAULT_THRESHOLD  # without a list behind it, every word weighs
    screener = _screener(_org(1, "BANK SADERAT PLC", programmes=("IRAN",)))
    (match,) = screener.screen("SADERAT PLC", limit=1)
    assert match.entry_id == "E1"
    assert "bank" in match.explanation.generic


def test_only_generic_words_in_common_is_no_alert():
    screener = _screener(_org(1, "GLOBAL TRADING GROUP"), _org(2, "VELMORA TRADING GROUP"))
    assert screener.screen("Velmora Trading Group")[0].entry_id == "E2"
    assert not [m for m in screener.screen("Global Trading Company LLC") if m.entry_id == "E2"]
    found = screener.screen("Trading Group", threshold=0.0)
    e2 = next(m for m in found if m.entry_id == "E2")
    assert e2.explanation.name_score > NO_DISTINCTIVE_CAP  # the shared words score well ...
    assert e2.score < DEFAULT_THRESHOLD  # ... but none of them tells which company
    assert any(f.name == "distinctive words" for f in e2.explanation.features)


def test_a_word_on_many_listed_organisations_is_generic():
    screener = _screener(_org(1, "BANK SADERAT PLC"))
    assert len(FILLER) >= GENERIC_MIN_ENTRIES
    assert screener.is_generic(fold_token("zembla"))
    assert not screener.is_generic(fold_token("saderat"))
    assert not screener.is_generic("neverlisted")


def test_a_query_word_the_listed_name_lacks_counts_against_it():
    screener = _screener(_org(1, "MARTYRS FOUNDATION"))
    assert screener.screen("Martyrs Foundation")[0].entry_id == "E1"
    assert not screener.screen("Martyrs Foundation in Tassalora")


def test_the_explanation_carries_the_listed_entry():
    entry = ListEntry(
        "test", "P1", EntryKind.PERSON, "Ivan Petrovich SIDOROV", birth_dates=("1961-03-04",),
        nationalities=("ru",), programmes=("UKRAINE-EO13660",), listed_on="2020-01-01",
        remarks="Deputy minister.",
    )  # fmt: skip
    (match,) = _screener(entry).screen("Ivan Sidorov")
    details = match.explanation.entry
    assert details["primary_name"] == "Ivan Petrovich SIDOROV"
    assert details["birth_dates"] == ["1961-03-04"]
    assert details["programmes"] == ["UKRAINE-EO13660"]
    text = match.explanation.to_text()
    assert "listed as: Ivan Petrovich SIDOROV" in text
    assert "nationality: ru" in text
    assert "remarks: Deputy minister." in text
    assert match.to_dict()["explanation"]["entry"]["listed_on"] == "2020-01-01"


def test_legal_forms_in_the_names_own_script():
    assert score_names("АКЦИОНЕРНОЕ ОБЩЕСТВО SMAZ", "AO SMAZ", "organisation")[0] == 1.0
    assert score_names("СРЕК ЛЛК", "SREC LLC", "organisation")[0] >= DEFAULT_THRESHOLD


def test_a_country_name_alone_carries_no_match():
    screener = _screener(_org(1, "AZERBAIJAN CONSTRUCTION"), _org(2, "VELMORA CONSTRUCTION"))
    assert screener.is_generic(fold_token("azerbaijan"))
    assert screener.screen("Velmora Construction")[0].entry_id == "E2"
    assert not screener.screen("Azerbaijan Ltd.")


def test_a_generic_word_only_the_query_has_weighs_in_full():
    # A listed name's generic word the query leaves out costs little; a kind of body the
    # query names and the listed name does not is evidence of another body.
    screener = _screener(_org(1, "PATRACA, S.A. DE C.V."), _org(2, "PATRACA SYSTEMS SA"))
    assert screener.screen("Patraca Systems")[0].entry_id == "E2"
    assert not [m for m in screener.screen("Patraca Systems") if m.entry_id == "E1"]


def test_a_distinctive_word_typed_wrong_once_is_still_shared_as_written():
    # Folding turns the one typo into two edits (monktar / muktar); as written it is one.
    screener = _screener(_org(1, "AL MOUKHTAR PRODUCTS SARL"))
    (match,) = screener.screen("AL MONKHTAR PRODUCTS SARL", threshold=0.0, limit=1)
    (pair,) = [p for p in match.explanation.pairs if p.listed_written.lower() == "moukhtar"]
    assert pair.similarity < DISTINCTIVE_SIMILARITY  # as folded: too far
    assert _shared_closely(pair)  # as written: one letter
    assert "distinctive words" not in [f.name for f in match.explanation.features]
    three_letters = TokenPair("manktir", "muktar", pair.similarity, "typo", "MANKHTIR", "MOUKHTAR")
    assert not _shared_closely(three_letters)
