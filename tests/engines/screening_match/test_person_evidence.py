"""Screening needs more than a sound or one given name to alert on a person, and an
organisation's words must agree as written (names made up in the lists' style)."""

from __future__ import annotations

from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import fold_token, name_forms
from alliance.engines.screening.respacing import respaced_texts
from alliance.engines.screening.scorer import (
    DEFAULT_THRESHOLD,
    DIFFERENT_GIVEN_NAMES,
    INITIAL,
    ONE_GIVEN_NAME_CAP,
    WRITTEN_VOWELS_DIFFER,
    Explanation,
    compare_forms,
    different_given_names,
    written_vowels_agree,
)


def common(token: str) -> bool:
    return token in {"mohamad", "muhamad"}


def _screened(query: str, listed: str, kind: EntryKind = EntryKind.PERSON,
              words=common) -> Explanation:  # type: ignore[no-untyped-def]  # fmt: skip
    """compare_forms as a screening compares (with the list's word predicate)."""
    return compare_forms(name_forms(query, kind)[0], name_forms(listed, kind)[0], kind, words)


def _pair(expl: Explanation, query_token: str):  # type: ignore[no-untyped-def]
    return next(p for p in expl.pairs if p.query == query_token)


def test_two_different_given_names_are_no_typo_of_each_other():
    assert different_given_names("hisham", "hashim")
    assert not different_given_names("hosein", "husain")  # one name (rigour: shared id)
    assert not different_given_names("karimov", "karimova")  # no given names: says nothing
    expl = _screened("Suhail HAMAD", "Zuhair HAMAD")
    pair = _pair(expl, "suhail")
    assert pair.similarity == DIFFERENT_GIVEN_NAMES
    assert pair.how == "typo, but different given names"
    assert expl.score < DEFAULT_THRESHOLD
    # Spellings of one given name still agree.
    assert _screened("Hossein KARIMOV", "Husain KARIMOV").score >= 0.9


def test_written_vowels_of_an_abjad_reading_must_stand_where_the_latin_has_vowels():
    assert not written_vowels_agree("andrei", "nadr")  # نادر writes an alif after n
    assert not written_vowels_agree("kevin", "kani")  # خانی writes a final yaa
    assert written_vowels_agree("kasim", "kasm")  # قاسم
    assert written_vowels_agree("ahmad", "ahmd")  # احمد
    expl = _screened("Kevin MAHMOUD", "مصطفی محمد خانی")
    assert _pair(expl, "kevin").similarity == WRITTEN_VOWELS_DIFFER
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Ahmad QASIM", "احمد قاسم").score >= 0.9


def test_written_long_vowels_must_be_vowels_the_latin_letters_spell():
    assert not written_vowels_agree("hudu", "hadi")  # هادي: alif is no u, yaa no u
    assert not written_vowels_agree("rido", "rda")  # رضا ends in alif, Rido in o
    assert not written_vowels_agree("salum", "slim")  # سلیم writes yaa where Sallum has u
    assert written_vowels_agree("reza", "rda")
    assert written_vowels_agree("ibrahim", "abrahim")  # a word's first alif seats any vowel
    assert written_vowels_agree("musa", "mvsi")  # موسی: a final yaa may be read a
    assert written_vowels_agree("iusuf", "ivsf")  # یوسف: yaa for y, waw for u
    expl = _screened("Hudu KHADOUR", "مزبان خضر هادي")
    assert _pair(expl, "hudu").similarity == WRITTEN_VOWELS_DIFFER
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Hadi KHADR", "خضر هادي").score >= DEFAULT_THRESHOLD


def test_one_listed_given_name_does_not_identify_a_query_with_a_name_of_its_own():
    for query, listed in (("Alexander DEEV", "Alexander"), ("Abdallah TOKHI", "HAJI ABDULLAH")):
        expl = _screened(query, listed)
        assert expl.score == ONE_GIVEN_NAME_CAP
        assert [f.name for f in expl.features] == ["one given name"]
    # A listed one-word name that is no given name is left as it was.
    putin = _screened("Vladimir PUTIN", "Putin")
    assert not any(f.name == "one given name" for f in putin.features)


def test_an_initial_is_compared_as_written():
    expl = _screened("E. MONTOYA SANCHEZ", "Eugenio MONTOYA SANCHEZ")  # folded: ugenio
    assert _pair(expl, "e").how == "initial" and _pair(expl, "e").similarity == INITIAL
    assert expl.score >= 0.9
    expl = _screened("Chong C. RI", "Chong Chol RI")  # folded: k
    assert _pair(expl, "k").how == "initial"
    assert expl.score >= DEFAULT_THRESHOLD


def test_organisation_words_alike_by_sound_only_share_no_distinctive_word():
    def generic(token: str) -> bool:
        return token == "investment"

    expl = _screened("COASTAL INVESTMENTS LLC", "CASTLE INVEST", EntryKind.ORGANISATION, generic)
    assert _pair(expl, "koastal").how == "sounds alike"
    assert expl.score == 0.70
    assert [f.name for f in expl.features] == ["distinctive words"]
    # A typo with letters swapped still shares the word (as written: one edit).
    expl = _screened("GAZPROM TEELKOM OOO", "GAZPROM TELEKOM, OOO", EntryKind.ORGANISATION,
                     lambda t: t == "gasprom")  # fmt: skip
    assert expl.score >= DEFAULT_THRESHOLD and not expl.features


def test_legal_forms_written_short_or_with_a_word_left_out():
    for name in ("JOINT STOCK CO PLASMA", "JOINT STOCK PLASMA", "CLOSED STOCK COMPANY PLASMA"):
        form = name_forms(name, EntryKind.ORGANISATION)[0]
        assert (form.tokens, form.legal_forms) == (("plasma",), ("jsc",))
    form = name_forms("LIABILITY COMPANY OSTOZHENKA", EntryKind.ORGANISATION)[0]
    assert (form.tokens, form.legal_forms) == (("ostojenka",), ("llc",))


def test_a_word_is_not_cut_into_words_that_vanish():
    vocabulary = {fold_token(w) for w in ("von", "del", "rusich", "good", "will")}
    assert respaced_texts("VONDEL Rusich", vocabulary, EntryKind.ORGANISATION) == []
    assert respaced_texts("GOODWILL", vocabulary, EntryKind.ORGANISATION) == ["GOOD WILL"]


def test_the_screener_does_not_alert_on_another_given_name_or_a_lone_given_name():
    people = [
        ListEntry("x", "1", EntryKind.PERSON, "Zuhair HAMAD"),
        ListEntry("x", "2", EntryKind.PERSON, "Alexander"),
        ListEntry("x", "3", EntryKind.PERSON, "Eugenio MONTOYA SANCHEZ"),
    ]
    screener = Screener.from_entries(people)
    assert not screener.screen(Query("Suhail Hamad", kind="person"))
    assert not screener.screen(Query("Alexander Deev", kind="person"))
    assert [m.entry_id for m in screener.screen(Query("E. Montoya Sanchez", kind="person"))] == [
        "3"
    ]


def test_another_vowel_makes_another_given_name_but_a_vowels_spread_does_not():
    expl = _screened("Roza HABIBI", "Mohammad Reza HABIBI")  # o and e: two names
    assert _pair(expl, "rosa").how == "vowels differ, but different given names"
    assert expl.score < DEFAULT_THRESHOLD
    for query, listed in (("Mustafa KARIMOV", "Mostafa KARIMOV"),
                          ("Ahmed KARIMOV", "Ahmad KARIMOV")):  # fmt: skip
        assert _screened(query, listed).score >= 0.9


def test_a_re_spaced_person_name_must_pair_every_part():
    people = [ListEntry("x", "1", EntryKind.PERSON, "Reza MIRZAEI"),
              ListEntry("x", "2", EntryKind.PERSON, "Pol POT")]  # fmt: skip
    screener = Screener.from_entries(people)
    # "Ali Reza Mirzaei" would only drop "Ali": no alert on Reza Mirzaei.
    assert not screener.screen(Query("Alireza Mirzaei", kind="person"))
    assert [m.entry_id for m in screener.screen(Query("PolPot", kind="person"))] == ["2"]


def test_titles_stand_before_a_name_and_are_names_elsewhere():
    def tokens(name: str) -> tuple[str, ...]:
        return name_forms(name, EntryKind.PERSON)[0].tokens

    assert tokens("Sheikh Ahmed Yassin") == tokens("Ahmed Yassin")
    assert tokens("Dr. Khamis") == tokens("Khamis")  # a title that is no name goes anywhere
    assert tokens("Mr John Major") == ("john", "major")
    # After a name, Sheikh, Hajji and Sayed are names.
    assert tokens("Sulieman Sheikh")[1] == fold_token("sheikh")
    assert tokens("Aleksandr Hajji")[1] == fold_token("hajji")
    assert tokens("Maung Sayed") == ("maung", fold_token("sayed"))
    assert _screened("Sulieman Sheikh", "SOULEIMAN").score < DEFAULT_THRESHOLD


def test_a_letter_is_no_name_a_query_adds_a_word_to_one_given_name():
    expl = _screened("Dmitry Ture", "Dmitry T")
    assert expl.score == ONE_GIVEN_NAME_CAP
    assert [f.name for f in expl.features] == ["one given name"]
    assert _screened("Dmitry T.", "Dmitry T").score >= DEFAULT_THRESHOLD


def test_a_particle_is_no_spelling_of_a_name():
    # بن is bin (son of): Banai does not pair with it, though its consonants are b-n.
    expl = _screened("Marwan Banai", "بلال بن مروان")
    assert all(p.listed != "bn" for p in expl.pairs)
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Usama Bin Ladin", "Osama ben Laden").score >= DEFAULT_THRESHOLD
    # An initial still stands for a name that folds like a particle (Dhou: du).
    assert _screened("D. EL AICH", "Dhou EL-AICH").score >= DEFAULT_THRESHOLD


def test_two_different_given_names_beside_one_family_name_are_two_people():
    # At half credit the long exact family name carried these over the threshold.
    for query, listed in (("Zia ZAREPOUR", "Issa ZAREPOUR"), ("Khin SHEIN", "Win SHEIN")):
        expl = _screened(query, listed)
        pair = next(p for p in expl.pairs if p.how.endswith("but different given names"))
        assert pair.similarity == DIFFERENT_GIVEN_NAMES == 0.0
        assert expl.score < DEFAULT_THRESHOLD
    # One given name in two spellings still agrees.
    assert _screened("Hossein ZAREPOUR", "Husain ZAREPOUR").score >= 0.9


def test_abd_is_no_spelling_of_another_given_name():
    expl = _screened("Abdul Samad SHAMKHANI", "Abdi SAMAD")
    assert "abd" in expl.unmatched_query and "abdi" in expl.unmatched_listed
    assert expl.score < DEFAULT_THRESHOLD
    assert _screened("Abdul Manan KHAN", "Abid KHAN").score < DEFAULT_THRESHOLD
    # Every spelling of Abd is abd; a fragment of one still pairs.
    assert _screened("Abdel Samad SHAMKHANI", "Abdul Samad SHAMKHANI").score >= 0.95
    assert _screened("Kamal Abde lrahman AWAD", "Kamal Abdelrahman AWAD").score >= DEFAULT_THRESHOLD
