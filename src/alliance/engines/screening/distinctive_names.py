"""A person's distinctive names must agree closely, not only through folding.

Between two Latin-script names the scorer's folds and consonant skeletons make
SALIMI and SALEM alike (s-l-m); with a common given name (Mohamed) agreeing exactly, that
is enough for an alert on a different person. A family name tells people apart, so a
near match on it needs more than a given name does: where every distinctive (not common
on the lists) word of both names agrees only loosely as written letters, the pair costs
``LOOSE_ONLY``. One-letter typos and the usual spelling variants (Laden/Ladin,
Kadafi/Gadafi after folding) stay above ``CLOSE_ENOUGH`` and cost nothing. Across
scripts the transliterations differ by more, so this is for Latin against Latin only.

Lists that write a person's family name in capitals among given names in lower case
(Abdul Aziz MAHSUD, Fadi Hussein SERHAN: the UN's, the UK's, Canada's) say which word
tells their person apart. A query whose words agree with none of those closely agrees
with given names only (Fadi Husayn, Aziz Ahmed against Ahmed Abdelaziz EZZ), which many
people share: that costs ``FAMILY_NAME_MISSING``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .model import EntryKind
from .names import NameForm, name_forms
from .scorer import PARTICLES, Feature

LOOSE_ONLY = -0.15  # takes a pair agreeing in a common name only below the threshold
CLOSE_ENOUGH = 0.80  # letter similarity (rapidfuzz ratio of the folded words)
# Takes a match on given names alone below the threshold; a birth date or country that
# agrees (at most +0.11) can bring it back for review.
FAMILY_NAME_MISSING = -0.20
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def loose_feature(q: NameForm, c: NameForm, common: Callable[[str], bool]) -> Feature | None:
    """The cost of distinctive names agreeing only loosely; None where one agrees closely
    (or there is none on a side, or a side is not in Latin letters)."""
    if q.script != "Latin" or c.script != "Latin" or q.vowelless or c.vowelless:
        return None
    mine = [t for t in q.tokens if len(t) > 1 and not common(t)]
    theirs = [t for t in c.tokens if len(t) > 1 and not common(t)]
    if not mine or not theirs:
        return _family_feature(q, c)
    best, a, b = max((fuzz.ratio(x, y) / 100.0, x, y) for x in mine for y in theirs)
    # Words joined or split differently (ParlindunganSiregar) agree as one string.
    joined = fuzz.ratio("".join(mine), "".join(theirs)) / 100.0
    if best >= CLOSE_ENOUGH or joined >= CLOSE_ENOUGH:
        return _family_feature(q, c)
    return Feature(
        "distinctive names",
        LOOSE_ONLY,
        f"beyond common names, the closest words {a!r} and {b!r} agree only loosely ({best:.2f})",
    )


def family_name(form: NameForm) -> tuple[list[str], list[str]]:
    """A listed person's family name where the name marks it in capitals beside words
    that are not: the words as written and folded (Abdul Aziz AL-MAHSUD: ["AL-MAHSUD"],
    ["mahsud"]); empty where it does not (all in capitals, or none)."""
    words = _WORDS.findall(form.original)
    marked = [w for w in words if len(w) > 1 and w.isupper()]
    if not marked or not any(w[:1].isupper() and not w.isupper() for w in words):
        return [], []
    folded = [t for w in marked for t in name_forms(w, EntryKind.PERSON)[0].tokens
              if len(t) > 1 and t not in PARTICLES]  # fmt: skip
    return (marked, folded) if folded else ([], [])


def _close(a: str, b: str) -> bool:
    return OSA.distance(a, b, score_cutoff=2) <= 1 or fuzz.ratio(a, b) / 100.0 >= CLOSE_ENOUGH


def _family_feature(q: NameForm, c: NameForm) -> Feature | None:
    """The cost of a query agreeing with no word of the listed family name closely (nor
    with the family name written as one word); None where it agrees or none is marked."""
    written, family = family_name(c)
    if not family:
        return None
    if any(_close(t, f) for t in q.tokens for f in family):
        return None
    joined = "".join(family)
    if any(_close(t, joined) for t in q.tokens) or _close("".join(q.tokens), joined):
        return None
    return Feature(
        "family name",
        FAMILY_NAME_MISSING,
        f"the listed family name {' '.join(written)!r} agrees closely with no word of the query",
    )
