"""Words split or joined differently are shortlisted and scored (respacing)."""

from __future__ import annotations

import pytest

from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.respacing import RESPACED_COST, _key, respaced_texts


@pytest.fixture(scope="module")
def screener() -> Screener:
    entries = [
        ListEntry("x", "1", EntryKind.ORGANISATION, "ROSOBORONEXPORT"),
        ListEntry("x", "2", EntryKind.PERSON, "POL POT"),
        ListEntry("x", "3", EntryKind.ORGANISATION, "GOODWILL COMPANY"),
        ListEntry("x", "4", EntryKind.ORGANISATION, "TACO LLC"),
        ListEntry("x", "5", EntryKind.PERSON, "Parlindungan SIREGAR"),
    ]
    return Screener.from_entries(entries)


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("ROSOBORON EXPORT", "1"),
        ("PolPot", "2"),
        ("Good Will Company", "3"),
        ("TACOLLC", "4"),
        ("ParlindunganSiregar", "5"),
    ],
)
def test_respaced_names_alert(screener: Screener, query: str, entry_id: str):
    matches = screener.screen(Query(query))
    assert matches and matches[0].entry_id == entry_id


def test_a_respaced_reading_costs_a_little_and_says_so(screener: Screener):
    (match,) = screener.screen(Query("ROSOBORON EXPORT", kind="organisation"))
    spacing = [f for f in match.explanation.features if f.name == "spacing"]
    assert spacing and spacing[0].contribution == -RESPACED_COST
    assert spacing[0].detail == "read as 'ROSOBORONEXPORT'"


def test_only_listed_words_make_readings():
    listed = {_key(w) for w in ("GOODWILL", "sal", "imi", "im")}
    assert respaced_texts("GOOD WILL", listed, EntryKind.ORGANISATION) == ["GOODWILL"]
    assert respaced_texts("GOOD WILL", set(), EntryKind.ORGANISATION) == []
    assert respaced_texts("Salimi", listed, EntryKind.PERSON) == ["Sal imi"]
    assert respaced_texts("Sali", listed, EntryKind.PERSON) == []  # parts too short
    assert respaced_texts("Salim", listed, EntryKind.ORGANISATION) == []  # too short for orgs


def test_a_persons_word_may_be_cut_off_a_two_letter_name():
    listed = {_key(w) for w in ("tay", "za", "sabri", "ok", "maria", "ia", "mar", "al")}
    assert respaced_texts("Tayza", listed, EntryKind.PERSON) == ["Tay za"]
    assert respaced_texts("Sabriok", listed, EntryKind.PERSON) == ["Sabri ok"]
    # A word listed as it is stays whole; a particle is no name part of its own.
    assert respaced_texts("Maria", listed, EntryKind.PERSON) == []
    assert respaced_texts("Maral", listed, EntryKind.PERSON) == []


def test_a_cut_may_read_as_several_listed_words():
    # ABDOLLAHI is listed as "abd olahi": no listed word is "abdolahi".
    screener = Screener.from_entries([ListEntry("x", "1", EntryKind.PERSON, "Hamed ABDOLLAHI"),
                                      ListEntry("x", "2", EntryKind.PERSON, "Tay ZA")])  # fmt: skip
    for query, entry_id in (("Hamedabdollahi", "1"), ("Tayza", "2")):
        matches = screener.screen(Query(query, kind="person"))
        assert matches and matches[0].entry_id == entry_id, query


def test_names_without_other_spacing_keep_their_one_reading(screener: Screener):
    prepared = screener.prepare(Query("Acme Trading", kind="organisation"))
    assert not any(f.respaced for f in prepared.forms)


def test_a_word_and_its_fold_have_one_shape():
    """The shape test that skips most folds of a cut's pieces may only skip pieces that
    fold to no key: every word shapes as its folded form does (all words of up to three
    letters, and words made of the fold's own patterns)."""
    import itertools
    import random

    from alliance.engines.screening.names import _FOLDS, fold_token
    from alliance.engines.screening.respacing import _piece_shapes, shape

    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(t) for n in (1, 2, 3) for t in itertools.product(letters, repeat=n)]
    patterns = [a for a, _ in _FOLDS if a.isalpha()] + list(letters)
    rng = random.Random(15)
    words += ["".join(rng.choices(patterns, k=rng.randint(1, 6))) for _ in range(20_000)]
    assert [w for w in words if shape(fold_token(w)) != shape(w)] == []
    for word in words[-2_000:]:
        heads, tails = _piece_shapes(word)
        assert heads == [shape(word[:k]) for k in range(len(word) + 1)]
        assert tails == [shape(word[k:]) for k in range(len(word) + 1)]


def test_the_shape_test_changes_no_cut(screener: Screener):
    """Cuts found with the keys' shapes are the cuts found folding every piece."""
    from alliance.engines.screening.respacing import _cuts

    keys = screener.respacing_keys
    plain = frozenset(keys)  # no shapes: every piece folded
    words = ["ROSOBORONEXPORT", "Goodwill", "PolPot", "TACOLLC", "ParlindunganSiregar",
             "Abdolrahman", "Kharkhorin", "Shipping", "Exportgood"]  # fmt: skip
    for word in words:
        for kind in (EntryKind.PERSON, EntryKind.ORGANISATION, EntryKind.UNKNOWN):
            assert _cuts(word, kind, keys) == _cuts(word, kind, plain), (word, kind)
    assert _cuts("ParlindunganSiregar", EntryKind.PERSON, keys)  # one that cuts


def test_the_person_shortcut_changes_no_cut(screener: Screener):
    """A person's ASCII word without "abd" takes a shortcut (cheap tests first, no cut
    past a head that starts no key): its cuts are those found folding every piece, for
    words made of listed words, their pieces, short forms and stray letters."""
    import random

    from alliance.engines.screening.respacing import _cuts

    keys = screener.respacing_keys
    plain = frozenset(keys)
    pieces = [*sorted(keys), "pol", "Pot", "co", "comp", "intl", "van", "de", "hh", "x", "Q"]
    rng = random.Random(15)
    found = 0
    for _ in range(1_500):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 3))]
        word = "".join(p.capitalize() if rng.random() < 0.3 else p for p in parts)
        if rng.random() < 0.3:
            at = rng.randrange(len(word) + 1)
            word = word[:at] + rng.choice("aehkstuvyz") + word[at:]
        if not word.isalpha():
            continue
        got = _cuts(word, EntryKind.PERSON, keys)
        assert got == _cuts(word, EntryKind.PERSON, plain), word
        found += bool(got)
    assert found > 100  # the words do cut


def test_the_keys_shapes_are_stored_with_them(screener: Screener):
    """The keys go into a stored screener with their shapes, as made at build."""
    import pickle

    from alliance.engines.screening.respacing import RespacingKeys, shape

    keys = screener.respacing_keys
    loaded = pickle.loads(pickle.dumps(keys))
    assert isinstance(loaded, RespacingKeys) and loaded == keys
    assert loaded.shapes is not keys.shapes and loaded.shapes == keys.shapes
    assert keys.shapes == frozenset(map(shape, keys))
