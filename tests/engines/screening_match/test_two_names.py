"""A person's pair of words that is two names, not one spelling of a name: a typo or a
sound between two words the lists each know as a name, a first vowel one script writes
and the other does not, two given names across alphabets (names made up in the lists'
style, or common ones)."""

from __future__ import annotations

from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import name_forms
from alliance.engines.screening.scorer import (
    DEFAULT_THRESHOLD,
    DIFFERENT_GIVEN_NAMES_ACROSS,
    FIRST_VOWEL_DIFFERS,
    OTHER_LISTED_NAME,
    Explanation,
    TokenPair,
    compare_forms,
    first_vowels_agree,
)

P = EntryKind.PERSON


def _no_common(token: str) -> bool:
    return False


def _screened(query: str, listed: str, words: set[str] | None = None) -> Explanation:
    """compare_forms as a screening compares; ``words``: the lists' words (folded)."""
    in_lists = None if words is None else words.__contains__
    return compare_forms(name_forms(query, P)[0], name_forms(listed, P)[0], P, _no_common,
                         in_lists)  # fmt: skip


def _pair(expl: Explanation, query_token: str) -> TokenPair:
    return next(p for p in expl.pairs if p.query == query_token)


def _entry(entry_id: str, name: str) -> ListEntry:
    return ListEntry(list_id="t", entry_id=entry_id, kind=P, primary_name=name)


def test_a_typo_between_two_names_the_lists_know_is_two_names():
    # Without the lists' words the pair is a typo and alerts.
    assert _screened("Alexander Dukhin", "Aleksandr DUGIN").score >= DEFAULT_THRESHOLD
    expl = _screened("Alexander Dukhin", "Aleksandr DUGIN", {"dukin", "dugin"})
    pair = _pair(expl, "dukin")
    assert pair.similarity == OTHER_LISTED_NAME
    assert pair.how == "typo, but each is a name on the lists"
    assert expl.score < DEFAULT_THRESHOLD
    # One sound spelt two ways (gadafi, kadafi: one edit, one metaphone key) stays alike.
    expl = _screened("Muammar Gaddafi", "Muammar QADHAFI", {"gadafi", "kadafi", "muamar"})
    assert _pair(expl, "gadafi").how == "sounds alike"
    assert expl.score >= DEFAULT_THRESHOLD
    # A word the lists do not have is a typo of the listed one.
    assert _screened("Alexander Dukhin", "Aleksandr DUGIN", {"dugin"}).score >= DEFAULT_THRESHOLD


def test_two_listed_names_alike_only_by_sound_are_two_names():
    assert _screened("Khamis Caddow", "KHAMIS QADHAFI").score >= DEFAULT_THRESHOLD
    expl = _screened("Khamis Caddow", "KHAMIS QADHAFI", {"kadov", "kadafi", "kamis"})
    assert _pair(expl, "kadov").how == "sounds alike, but each is a name on the lists"
    assert expl.score < DEFAULT_THRESHOLD
    # Two given names that rigour's data makes one name still sound alike.
    expl = _screened("Mohamed HUSAYN", "Muhammad HUSAYN", {"mohamed", "muhamad", "husain"})
    assert _pair(expl, "mohamed").how == "sounds alike"


def test_the_screener_asks_its_own_lists_which_words_are_names():
    dugin = _entry("1", "Aleksandr DUGIN")
    alone = Screener.from_entries([dugin])
    assert [m.entry_id for m in alone.screen(Query("Alexander Dukhin", kind="person"))] == ["1"]
    both = Screener.from_entries([dugin, _entry("2", "Vyacheslav DUKHIN")])
    assert both.screen(Query("Alexander Dukhin", kind="person")) == []


def test_a_first_vowel_is_written_in_arabic_and_hebrew_script():
    assert not first_vowels_agree("Ahmad", "حمد")  # Hamad: no alif to seat the a
    assert not first_vowels_agree("Merai", "عمری")  # ain is read as a vowel
    assert first_vowels_agree("Ahmad", "احمد")
    assert first_vowels_agree("Omar", "عمر")
    assert first_vowels_agree("Issa", "عیسی")
    assert first_vowels_agree("Stanekzai", "استانکزی")  # an alif before s + consonant
    assert first_vowels_agree("Yusuf", "یوسف")
    assert first_vowels_agree("Itzhak", "יצחק")
    assert first_vowels_agree("Ahmad", "ahmd")  # not written in those scripts: says nothing
    # Without the rule, Ahmad pairs with حمد by its consonants and the pair alerts.
    expl = _screened("Ahmad SUNANI", "حمد سنانی")
    assert _pair(expl, "ahmad").similarity == FIRST_VOWEL_DIFFERS
    assert _pair(expl, "ahmad").how.endswith(", but one starts with a vowel")
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Ahmad SUNANI", "احمد سنانی").score >= DEFAULT_THRESHOLD
    assert _screened("Omar SUNANI", "عمر سنانی").score >= DEFAULT_THRESHOLD


def test_two_given_names_across_alphabets_are_two_names():
    expl = _screened("Elena ARSHINOVA", "Аршинова Алёна")
    pair = _pair(expl, "elena")
    assert pair.similarity == DIFFERENT_GIVEN_NAMES_ACROSS
    assert pair.how == "vowels differ, but different given names"
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Alena ARSHINOVA", "Аршинова Алёна").score >= DEFAULT_THRESHOLD
    assert _screened("Juan GARCIA", "Хуан Гарсия").score >= DEFAULT_THRESHOLD
