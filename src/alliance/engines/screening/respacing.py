"""Words split or joined differently: "ROSOBORON EXPORT" for ROSOBORONEXPORT, "PolPot" for
POL POT, "GOODWILL" for GOOD WILL.

The index looks names up by their words, so a query whose spacing differs from the
listed name's shares no word with it and is never shortlisted. The listed vocabulary
(every folded word of every listed name) is the key set: a query gets one more reading
for each pair of adjacent words whose join is a listed word, and for each long word
that cuts into two listed words (or a listed word and a legal form). The readings are
ordinary name forms, looked up and scored like the others, at a small cost
(``RESPACED_COST``): the query as written still wins a tie.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import replace
from functools import lru_cache

from normality import ascii_text

from .model import EntryKind
from .names import ORG_STOPWORDS, NameForm, fold_token, name_forms
from .org_words import ABBREVIATIONS
from .scorer import PARTICLES

RESPACED_COST = 0.02
MIN_PART = 3  # letters on each side of a cut
# A person's name may have a part of two letters (Tay Za, Sabri Ok): a cut of a person's
# word that is no listed word itself may leave one side this short, if no particle.
MIN_PERSON_PART = 2
MIN_SPLIT = 2 * MIN_PART  # a word this long may be cut
MAX_READINGS = 3  # more readings per query for its spacing
_WORDS = re.compile(r"[^\W_]+")
# Words that names drop or weigh as nothing (stopwords, particles): a cut into two of them
# leaves no name word behind.
_VANISHING = ORG_STOPWORDS | PARTICLES


class RespacingKeys(frozenset[str]):
    """A screener's respacing keys, with the shapes of the keys (``shape``: a cheap test
    that a piece of a word is no key), and a memo of the cuts of the words met so far
    (``_cuts``): the words of one query are the words of many. The shapes are made once,
    at build, and stored with the keys; the memo is not pickled."""

    MEMO = 200_000  # words remembered; then the memo starts again

    def __new__(cls, keys: Iterable[str] = (), shapes: frozenset[str] | None = None
                ) -> RespacingKeys:  # fmt: skip
        return super().__new__(cls, keys)

    def __init__(self, keys: Iterable[str] = (), shapes: frozenset[str] | None = None) -> None:
        super().__init__()
        self.shapes = frozenset(map(shape, self)) if shapes is None else shapes
        self.cuts: dict[tuple[str, EntryKind], tuple[tuple[int, str, str], ...]] = {}
        self._prefixes: frozenset[str] | None = None

    def shape_prefixes(self) -> frozenset[str]:
        """Every start of a key's shape (made on first use, not pickled): a word's head
        pieces have growing shapes, each the start of the next, so once one is no such
        start no longer head is a key."""
        if self._prefixes is None:
            self._prefixes = frozenset(s[:k] for s in self.shapes for k in range(len(s) + 1))
        return self._prefixes

    def __reduce__(self) -> tuple[type[RespacingKeys], tuple[frozenset[str], frozenset[str]]]:
        return RespacingKeys, (frozenset(self), self.shapes)


# names.fold_token rewrites letters only within these classes (tsh ch, zh j, kh k, ph f,
# x ks, c k, w v, z s, y i, ou u, ee i ...), drops or adds only the letter h, and writes
# doubled letters once. So a word's letters by class, h left out and repeats as one, are
# those of its folded form: a piece whose ``shape`` is no key's folds to no key, and its
# fold (the costly part of the test) is skipped.
_CLASS_OF = {**dict.fromkeys("tsczjdkxq\x01", "K"), **dict.fromkeys("eiouy", "E"),
             **dict.fromkeys("pf", "F"), **dict.fromkeys("wv", "V"), "h": ""}  # fmt: skip
_CLASSES = str.maketrans(_CLASS_OF)
# Every start of a company short form (``_cuts``: a head that starts none is no short form,
# nor is any longer head).
_ABBREVIATION_STARTS = frozenset(a[:k] for a in ABBREVIATIONS for k in range(len(a) + 1))


def shape(word: str) -> str:
    """The letter classes of a folded (or lower-case ASCII) word, without h, repeats as one:
    ``shape(fold_token(w)) == shape(w)``."""
    mapped = word.translate(_CLASSES)
    return "".join(c for k, c in enumerate(mapped) if k == 0 or c != mapped[k - 1])


def _piece_shapes(lowered: str) -> tuple[list[str], list[str]]:
    """``shape(lowered[:k])`` and ``shape(lowered[k:])`` for every ``k`` from 0 to its
    length, from one pass over the word: a piece's shape is a slice of the word's."""
    whole = ""  # the shape so far
    heads = [whole]
    at: list[int] = []  # the place in the shape of each letter's class, -1 for an h
    for c in lowered:
        m = _CLASS_OF.get(c, c)
        if m and whole[-1:] != m:
            whole += m
        at.append(len(whole) - 1 if m else -1)
        heads.append(whole)
    tails = [""] * (len(lowered) + 1)
    first = len(whole)  # the place of the first letter (not h) at or after k
    for k in range(len(lowered) - 1, -1, -1):
        if at[k] >= 0:
            first = at[k]
        tails[k] = whole[first:]
    return heads, tails


def respacing_keys(listed_words: Iterable[str], written: Iterable[str]) -> RespacingKeys:
    """The keys a cut or join must hit: every listed (folded) word, and every listed word
    as written folded the cheap way (``_key``), which differs where the names' own rules
    changed it more (INVESTMENTS is listed as "investment"). Built once per screener,
    with the keys' shapes."""
    return RespacingKeys(
        frozenset(listed_words) | frozenset(_key(ascii_text(w) or w) for w in written)
    )


@lru_cache(maxsize=200_000)  # the cuts of one query's words meet those of others
def _key(word: str) -> str:
    """The word folded as the listed names' words are (cheap: no transliteration, so a
    query's words can be cut at every place), company short forms read in full."""
    lowered = word.lower()
    return fold_token(ABBREVIATIONS.get(lowered, lowered))


# A piece of a cut word reads as listed words when it is one listed word (``_key``), or,
# for a piece of this many letters or more, when the names' own rules read it as several
# words, every one listed (ABDOLLAHI is listed as "abd olahi", so no listed word is
# "abdolahi"; ``_listed_as_read``).
SPLIT_READING = 5


def _listed_as_read(part: str, vocabulary: Container[str], kind: EntryKind) -> bool:
    """Whether the names' own rules read ``part`` as two or more words, every one listed:
    the slow test of a piece (a normalisation of it)."""
    if kind == EntryKind.PERSON and part.isascii() and part.isalpha() and "abd" not in part.lower():
        # The one rule that reads one ASCII word of a person's name as several is the
        # split of "abd" from the name after it (names._split_servant_names): without
        # "abd", the normalisation would give one word at most, so skip it.
        return False
    forms = name_forms(part, kind)
    tokens = forms[0].tokens if forms else ()
    return len(tokens) > 1 and all(t in vocabulary for t in tokens)


@lru_cache(maxsize=10_000)
def _legal_only(text: str) -> bool:
    """Whether ``text`` reads as a legal form and nothing else (LLC, JSC, GMBH)."""
    # A lone legal form stays a word (a name keeps one); after another word it is taken out.
    forms = name_forms(f"name {text}", EntryKind.ORGANISATION)
    return bool(forms) and len(forms[0].tokens) == 1 and bool(forms[0].legal_forms)


def respaced_texts(name: str, vocabulary: Container[str], kind: EntryKind) -> list[str]:
    """The name re-spaced where a join or a cut gives listed words, best cuts first."""
    words = _WORDS.findall(ascii_text(name) or "")
    if not words or len(words) > 12:
        return []
    found: list[tuple[int, str]] = []  # (shorter side, text)
    for i in range(len(words) - 1):
        joined = words[i] + words[i + 1]
        if joined.isalpha() and _key(joined) in vocabulary:
            text = " ".join([*words[:i], joined, *words[i + 2 :]])
            found.append((min(len(words[i]), len(words[i + 1])), text))
    memo = vocabulary.cuts if isinstance(vocabulary, RespacingKeys) else None
    for i, word in enumerate(words):
        cuts = None if memo is None else memo.get((word, kind))
        if cuts is None:
            cuts = _cuts(word, kind, vocabulary)
            if memo is not None:
                if len(memo) >= RespacingKeys.MEMO:
                    memo.clear()
                memo[word, kind] = cuts
        for rank, head, tail in cuts:
            found.append((rank, " ".join([*words[:i], head, tail, *words[i + 1 :]])))
    found.sort(key=lambda item: -item[0])
    return list(dict.fromkeys(text for _, text in found))[:MAX_READINGS]


def _cuts(
    word: str, kind: EntryKind, vocabulary: Container[str]
) -> tuple[tuple[int, str, str], ...]:
    """The places ``word`` cuts into listed words, in order: the shorter side (the length
    of the word for a camel-case cut), head, tail."""
    org = kind != EntryKind.PERSON
    # A word listed as it is (Maria, Lopez) is a name already: no short cuts of it.
    shortest = MIN_PART if org or _key(word) in vocabulary else MIN_PERSON_PART
    if len(word) < MIN_PART + shortest or not word.isalpha():
        return ()
    shapes = vocabulary.shapes if isinstance(vocabulary, RespacingKeys) else None
    if shapes is not None and word.isascii():
        heads, tails = _piece_shapes(word.lower())
        if not org and "abd" not in word.lower():
            assert isinstance(vocabulary, RespacingKeys)
            return _person_cuts(word, shortest, vocabulary, heads, tails)
    else:  # no shapes to test first: every piece is folded
        shapes = None
        heads = tails = [""] * (len(word) + 1)

    def listed(piece: str, piece_shape: str) -> bool:
        """``_key(piece) in vocabulary``, skipping the fold where the shape says no."""
        # (A company short form folds as its full word: no shape says no to it.)
        if shapes is not None and piece_shape not in shapes and piece.lower() not in ABBREVIATIONS:
            return False
        return _key(piece) in vocabulary

    out: list[tuple[int, str, str]] = []
    for cut in range(shortest, len(word) - shortest + 1):
        head, tail = word[:cut], word[cut:]
        if head.lower() in _VANISHING and tail.lower() in _VANISHING:
            continue  # VONDEL as "von del": the word would vanish, not be re-spaced
        short = min(len(head), len(tail))
        if short < MIN_PART and (len(word) - short < MIN_PART
                                 or (head if len(head) == short else tail).lower()
                                 in PARTICLES):  # fmt: skip
            continue  # only one short side, and a name, not a particle (Mari an)
        # Each side must read as listed words. The cheap tests of both sides come first:
        # a side that fails them, and is too short to read as several words, decides the
        # cut without the slow test (a normalisation) of the other.
        head_in = listed(head, heads[cut]) or (org and head.lower() in ORG_STOPWORDS)
        if not head_in and len(head) < SPLIT_READING:
            continue
        tail_in = listed(tail, tails[cut]) or (org and tail.lower() in ORG_STOPWORDS)
        if not tail_in and len(tail) < SPLIT_READING and not org:
            continue  # (an organisation's tail may still be a legal form: below)
        if not head_in and not _listed_as_read(head, vocabulary, kind):
            continue
        if tail_in or (len(tail) >= SPLIT_READING and _listed_as_read(tail, vocabulary, kind)) \
                or (org and _legal_only(tail)):  # fmt: skip
            out.append((short, head, tail))
    out.extend(_camel_cuts(word, heads, tails, listed))
    return tuple(out)


def _person_cuts(word: str, shortest: int, vocabulary: RespacingKeys, heads: list[str],
                 tails: list[str]) -> tuple[tuple[int, str, str], ...]:  # fmt: skip
    """``_cuts`` of an ASCII word of a person's name without "abd", which the names' rules
    never read as several words (``_listed_as_read``): a cut needs both sides listed. The
    same cuts in the same order, the cheap shape tests first, and no cut tried past a head
    whose shape starts no key's (nor its letters a short form)."""
    shapes, prefixes = vocabulary.shapes, vocabulary.shape_prefixes()
    lowered = word.lower()

    def listed(piece: str, piece_shape: str) -> bool:
        if piece_shape not in shapes and piece.lower() not in ABBREVIATIONS:
            return False
        return _key(piece) in vocabulary

    out: list[tuple[int, str, str]] = []
    for cut in range(shortest, len(word) - shortest + 1):
        if heads[cut] not in prefixes and lowered[:cut] not in _ABBREVIATION_STARTS:
            break  # neither this head nor a longer one is a key
        if (heads[cut] not in shapes and lowered[:cut] not in ABBREVIATIONS) or (
            tails[cut] not in shapes and lowered[cut:] not in ABBREVIATIONS
        ):
            continue  # a side is no key (``listed`` would say so after the tests below)
        head, tail = word[:cut], word[cut:]
        if head.lower() in _VANISHING and tail.lower() in _VANISHING:
            continue
        short = min(len(head), len(tail))
        if short < MIN_PART and (len(word) - short < MIN_PART
                                 or (head if len(head) == short else tail).lower()
                                 in PARTICLES):  # fmt: skip
            continue
        if _key(head) in vocabulary and _key(tail) in vocabulary:
            out.append((short, head, tail))
    out.extend(_camel_cuts(word, heads, tails, listed))
    return tuple(out)


def respaced_forms(
    name: str, forms: list[NameForm], vocabulary: Container[str], kind: EntryKind
) -> list[NameForm]:
    """Readings of ``name`` with other spacing (Latin-script names), marked respaced;
    each keeps its re-spaced text as its ``original``, for the explanation."""
    if not forms or forms[0].script != "Latin":
        return []
    seen = {f.tokens for f in forms}
    out: list[NameForm] = []
    for text in respaced_texts(name, vocabulary, kind):
        for form in name_forms(text, kind)[:1]:
            if form.tokens and form.tokens not in seen:
                seen.add(form.tokens)
                out.append(replace(form, original=text, respaced=True))
    return out


def _camel_cuts(word: str, heads: list[str], tails: list[str],
                listed: Callable[[str, str], bool]) -> list[tuple[int, str, str]]:  # fmt: skip
    """Camel case written together (PolPot) cuts at its capital, short parts or not, when
    both sides are ``listed``."""
    out: list[tuple[int, str, str]] = []
    for cut in range(1, len(word)):
        if word[cut].isupper() and word[cut - 1].islower():
            head, tail = word[:cut], word[cut:]
            if listed(head, heads[cut]) and listed(tail, tails[cut]):
                out.append((len(word), head, tail))
    return out
