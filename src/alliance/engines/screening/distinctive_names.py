"""A person's distinctive names must agree closely, not only through folding.

Between two Latin-script names the scorer's folds and consonant skeletons make
SALIMI and SALEM alike (s-l-m); with a common given name (Mohamed) agreeing exactly, that
is enough for an alert on a different person. A family name tells people apart, so a
near match on it needs more than a given name does: where every distinctive (not common
on the lists) word of both names agrees only loosely as written letters, the pair costs
``LOOSE_ONLY``. One-letter typos and the usual spelling variants (Laden/Ladin,
Kadafi/Gadafi after folding) stay above ``CLOSE_ENOUGH`` and cost nothing. Across
scripts the transliterations differ by more, so this is for Latin against Latin only.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from .names import NameForm
from .scorer import Feature

LOOSE_ONLY = -0.15  # takes a pair agreeing in a common name only below the threshold
CLOSE_ENOUGH = 0.80  # letter similarity (rapidfuzz ratio of the folded words)


def loose_feature(q: NameForm, c: NameForm, common: Callable[[str], bool]) -> Feature | None:
    """The cost of distinctive names agreeing only loosely; None where one agrees closely
    (or there is none on a side, or a side is not in Latin letters)."""
    if q.script != "Latin" or c.script != "Latin" or q.vowelless or c.vowelless:
        return None
    mine = [t for t in q.tokens if len(t) > 1 and not common(t)]
    theirs = [t for t in c.tokens if len(t) > 1 and not common(t)]
    if not mine or not theirs:
        return None
    best, a, b = max((fuzz.ratio(x, y) / 100.0, x, y) for x in mine for y in theirs)
    # Words joined or split differently (ParlindunganSiregar) agree as one string.
    joined = fuzz.ratio("".join(mine), "".join(theirs)) / 100.0
    if best >= CLOSE_ENOUGH or joined >= CLOSE_ENOUGH:
        return None
    return Feature(
        "distinctive names",
        LOOSE_ONLY,
        f"beyond common names, the closest words {a!r} and {b!r} agree only loosely ({best:.2f})",
    )
