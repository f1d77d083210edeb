"""Typing errors counted on the words as written, not only as folded.

Folding (names.fold_token) turns spelling variants into one token, but a typing error
can break the spelling folding reads: SOTUHEAST is one swap from SOUTHEAST as written,
yet SOUTHEAST folds to "suteast" (ou: u, th: t) and SOTUHEAST stays as it is, three
edits away; HOEEL (one wrong letter of HOTEL) folds to "hoil". The kinder of the two
counts is the one that holds.

The batch scorer compares folded tokens only, so the written count comes in as a reading
of the query (as the re-spaced readings do): for an organisation query's word that no
listed name writes, each listed word within the typo budget of it as written, where
that count is kinder than the folded one, gives a reading with the listed word's token
in its place, at a cost that takes the typo back (``Reading.cost``). The readings are
looked up and scored like the query's other forms.

One typing error in an organisation's word counts its share of the letters
(``ONE_TYPO_COST``): a company's words are words, and one wrong, missing, doubled or
swapped letter in one is a typing error (PTASMA for PLASMA). Further errors cost
``scorer.TYPO_COST`` each, as in the scorer: two in a short word are more often another
word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from normality import ascii_text
from rapidfuzz.distance import OSA

from .model import EntryKind
from .names import NameForm
from .scorer import TYPO_COST, pair_budget, token_similarity, token_weight

ONE_TYPO_COST = 1.0
MIN_LETTERS = 4  # shorter words have no typo budget
MAX_READINGS = 3  # typo readings per query
PER_WORD = 2  # listed words tried per query word


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typo reading changed: one query word read as a listed word."""

    cost: float  # taken off the reading's name score
    position: int  # the token replaced
    query_word: str
    listed_word: str
    similarity: float  # of the two words as written

    @property
    def detail(self) -> str:
        return (
            f"{self.query_word!r} read as {self.listed_word!r}: a typo as written"
            f" (similarity {self.similarity:.2f}), where folding counts more edits"
        )


class WrittenWords:
    """The listed words as written (Latin letters, lower case), each with its folded
    tokens, bucketed by first letter and length for the typo lookup."""

    def __init__(self, words: Sequence[str], tokens: Sequence[str],
                 word_ids: np.ndarray, token_ids: np.ndarray) -> None:  # fmt: skip
        pairs = np.unique(word_ids.astype(np.int64) << 32 | token_ids.astype(np.int64))
        self.token_of: dict[str, str] = {}
        self.buckets: dict[tuple[str, int], list[str]] = {}
        for pair in pairs.tolist():
            word, token = words[pair >> 32], tokens[pair & 0xFFFFFFFF]
            if len(word) < MIN_LETTERS or not word.isascii() or not word.isalpha():
                continue
            if word in self.token_of:
                continue  # one token per word (the first: a word folds one way)
            self.token_of[word] = token
            self.buckets.setdefault((word[0], len(word)), []).append(word)

    def near(self, word: str) -> list[tuple[int, str]]:
        """Listed words within the typo budget of ``word`` (written, lower case), with
        their edit counts, closest first."""
        found = []
        for length in (len(word) - 1, len(word), len(word) + 1):
            allowed = pair_budget(len(word), length)
            for other in self.buckets.get((word[0], length), ()):
                dist = OSA.distance(word, other, score_cutoff=allowed)
                if dist <= allowed:
                    found.append((dist, other))
        found.sort()
        return found


def written_similarity(edits: int, length: int) -> float:
    """One typo costs its share of letters (``ONE_TYPO_COST``), each further one more."""
    if not edits:
        return 1.0
    return max(0.0, 1.0 - (ONE_TYPO_COST + TYPO_COST * (edits - 1)) / length)


def typo_readings(form: NameForm, words: WrittenWords, kind: EntryKind,
                  forms: Sequence[NameForm]) -> list[tuple[NameForm, Reading]]:  # fmt: skip
    """Readings of an organisation's Latin name ``form`` with one word read as a listed
    word it is a typo of as written (see the module's text)."""
    if kind == EntryKind.PERSON or form.script != "Latin" or form.vowelless:
        return []
    written = form.words or form.tokens
    if len(written) != len(form.tokens):
        return []
    seen = {f.tokens for f in forms}
    total = sum(token_weight(t) for t in form.tokens)
    out: list[tuple[NameForm, Reading]] = []
    for i, (word, token) in enumerate(zip(written, form.tokens, strict=True)):
        plain = (ascii_text(word) or "").lower()
        if len(plain) < MIN_LETTERS or not plain.isalpha() or plain in words.token_of:
            continue  # a word the lists write so is no typo
        for edits, other in words.near(plain)[:PER_WORD]:
            listed = words.token_of[other]
            similarity = written_similarity(edits, max(len(plain), len(other)))
            folded, _ = token_similarity(token, listed, 0, False)
            if similarity <= folded:
                continue  # folding counts it as kindly
            tokens = (*form.tokens[:i], listed, *form.tokens[i + 1 :])
            if tokens in seen:
                continue
            seen.add(tokens)
            # The typo's share of the name, as if the listed name were the reading.
            rest = total - token_weight(token) + token_weight(listed)
            cost = (1.0 - similarity) * token_weight(listed) / rest
            reading = Reading(round(cost, 6), i, word, other, similarity)
            # The words stay as the query wrote them, for the explanation.
            out.append((replace(form, tokens=tokens, words=tuple(written)), reading))
            if len(out) >= MAX_READINGS:
                return out
    return out
