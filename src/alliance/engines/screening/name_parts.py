"""Name parts: when both the query and the listed name say which words are the given
names and which the family name, a name whose parts trade roles is another person.

Word order alone never says this (lists and forms write family names first or last),
so the name scorer compares names as sets of words; the parts are weighed here, as one
more feature, only where both sides give them (see ``NameParts``: OFAC, the UK and
Canada give them; the UN's FIRST_NAME..FOURTH_NAME are positions, not roles — its first
name is the family name of many entries — so the UN's are not kept).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .model import EntryKind, NameParts
from .names import name_forms
from .scorer import Feature

# Enough to take an exact name below the threshold with every other fact agreeing.
PARTS_SWAPPED = -0.35
# The crossed reading must agree this much better than the listed one (each part's
# agreement is 0..1, two parts are summed).
SWAP_MARGIN = 0.6


def _folded(text: str) -> str:
    forms = name_forms(text, EntryKind.PERSON) if text.strip() else []
    return " ".join(sorted(forms[0].tokens)) if forms and forms[0].tokens else ""


def _agreement(a: str, b: str) -> float:
    """0..1: how well two parts agree, word by word in any order (folded forms)."""
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a, b) / 100.0


def parts_feature(query: NameParts, listed: NameParts) -> Feature | None:
    """A feature when the query's given and family names are the listed name's family
    and given names; None where either side does not give both roles."""
    if not (query.has_roles() and listed.has_roles()):
        return None
    q_given, q_last = _folded(query.given()), _folded(query.last_name)
    l_given, l_last = _folded(listed.given()), _folded(listed.last_name)
    same = _agreement(q_given, l_given) + _agreement(q_last, l_last)
    crossed = _agreement(q_given, l_last) + _agreement(q_last, l_given)
    if crossed >= same + SWAP_MARGIN:
        return Feature(
            "name parts",
            PARTS_SWAPPED,
            f"given name {query.given()!r} is the listed family name {listed.last_name!r},"
            f" family name {query.last_name!r} the listed given name {listed.given()!r}",
        )
    return None
