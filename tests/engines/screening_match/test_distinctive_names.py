"""A common given name with a family name agreeing only loosely is no alert (names made up
in the lists' style)."""

from __future__ import annotations

from alliance.engines.screening.distinctive_names import LOOSE_ONLY, loose_feature
from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import name_forms


def _form(name: str):  # type: ignore[no-untyped-def]
    return name_forms(name, EntryKind.PERSON)[0]


def common(token: str) -> bool:
    return token in {"mohamed", "muhamad"}


def test_a_loose_family_name_costs():
    feature = loose_feature(_form("Mohamed Salimi"), _form("Mohamed SALEM"), common)
    assert feature is not None and feature.contribution == LOOSE_ONLY


def test_typos_and_spelling_variants_cost_nothing():
    assert loose_feature(_form("Mohamed Salemi"), _form("Mohamed SALEM"), common) is None
    assert loose_feature(_form("Usama bin Ladin"), _form("Osama BIN LADEN"), common) is None
    assert loose_feature(_form("Muammar Qadhafi"), _form("Muammar GADHAFI"), common) is None


def test_only_common_names_or_other_scripts_are_left_to_the_scorer():
    assert loose_feature(_form("Mohamed"), _form("Mohamed SALEM"), common) is None
    cyrillic = name_forms("Мохамед Салем", EntryKind.PERSON)[0]
    assert loose_feature(_form("Mohamed Salimi"), cyrillic, common) is None


def test_the_screener_does_not_alert_on_a_loose_family_name():
    surnames = ["SALEM", "KARIMOV", "ABDELRAHMAN", "OSMAN", "HASSAN", "YUSUF", "IBRAHIM",
                "NASSER", "FARAH", "HADI"] * 3  # fmt: skip
    people = [
        ListEntry("x", str(n), EntryKind.PERSON, f"Mohamed {surname}")
        for n, surname in enumerate(surnames)
    ]
    screener = Screener.from_entries(people)
    assert screener.is_common_name("mohamed")
    assert not screener.screen(Query("Mohamed Salimi", kind="person"))
    assert screener.screen(Query("Mohamed Salem", kind="person"))
