"""Word weights from the lists: generic words weigh less, a distinctive word must be shared;
the explanation carries the listed entry's details."""

from __future__ import annotations

from alliance.engines.screening.matcher import GENERIC_MIN_ENTRIES, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import fold_token
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, NO_DISTINCTIVE_CAP, score_names

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
