"""A common given name with a family name agreeing only loosely is no alert (names made up
in the lists' style)."""

from __future__ import annotations

from alliance.engines.screening.distinctive_names import (
    FAMILY_NAME_MISSING,
    LOOSE_ONLY,
    family_name,
    loose_feature,
)
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
    assert loose_feature(_form("Mohamed"), _form("Mohamed Salem"), common) is None
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


def test_the_family_name_a_list_writes_in_capitals():
    assert family_name(_form("Abdul Aziz AL-MAHSUD")) == (["AL-MAHSUD"], ["mahsud"])
    assert family_name(_form("Fadi Hussein SERHAN")) == (["SERHAN"], ["serhan"])
    # All in capitals, or none: the name does not say which word is the family's.
    assert family_name(_form("FADI HUSSEIN SERHAN")) == ([], [])
    assert family_name(_form("Fadi Hussein Serhan")) == ([], [])


def test_given_names_alone_do_not_identify_a_listed_family_name():
    for query, listed in [("Fadi Husayn", "Fadi Hussein SERHAN"),  # SERHAN left out
                          ("Aziz Ahmed", "Ahmed Abdelaziz EZZ"),
                          ("Aleksander Navka", "Alexander Valentinovich NOVAK")]:  # fmt: skip
        feature = loose_feature(_form(query), _form(listed), common)
        assert feature is not None and feature.contribution == FAMILY_NAME_MISSING, query
        assert feature.detail.startswith(
            f"the listed family name {family_name(_form(listed))[0][0]!r}"
        )


def test_a_family_name_with_a_typo_or_spaced_otherwise_still_agrees():
    for query, listed in [("Fadi Serhann", "Fadi Hussein SERHAN"),
                          ("Alexandr Novac", "Alexander NOVAK"),
                          ("Anwar Aulaqi", "Anwar Nasser AL-AULAQI"),
                          ("Anwar AlAulaqi", "Anwar Nasser AL-AULAQI"),
                          ("Bin Laden Usama", "Usama BIN LADEN")]:  # fmt: skip
        assert loose_feature(_form(query), _form(listed), common) is None, query
    # Names that do not mark a family name are left to the other rules.
    assert loose_feature(_form("Fadi Husayn"), _form("Fadi Hussein Serhan"), common) is None


def test_the_screener_does_not_alert_on_given_names_alone():
    people = [ListEntry("x", "1", EntryKind.PERSON, "Fadi Hussein SERHAN")]
    screener = Screener.from_entries(people)
    assert not screener.screen(Query("Fadi Husayn", kind="person"))
    assert screener.screen(Query("Fadi Hussein Serhan", kind="person"))
