"""Organisation vocabulary: short forms of common company words, and generic words.

Legal forms come from rigour's organisation-type database (``rigour.names.org_types``:
OCCRP's list, ISO 20275 and Wikipedia's types of business entity), see
``names._split_legal_forms``; this module holds only what rigour lacks:

* ``ABBREVIATIONS``: short forms of company words as registers, shipping registers and
  the sanctions lists write them (SHPG, INDS, INT'L, CTR, INST, TECH, MFG, ...), each read
  as its full word. Sources: the abbreviations printed on the OFAC SDN, UK OFSI and UN
  lists (e.g. "KOREAN POLISH SHPG CO LTD", "... INDS"), the US Postal Service's business
  word abbreviations and ISO 4 title-word abbreviations (common business words only).
* ``GENERIC_WORDS``: words that say what kind of body a name belongs to, not which one
  (trading, group, international, bank, ...): they weigh less and cannot carry a match
  on their own (``scorer.GENERIC_WEIGHT``, ``scorer.GENERIC_ONLY``).
* ``place_words``: the words of country and territory names (rigour's territories data),
  generic too: "Azerbaijan Ltd." is no name of "Azerbaijan Construction".
"""

from __future__ import annotations

import re
from functools import lru_cache

ABBREVIATIONS = {
    "comp": "company", "cie": "company", "cia": "company", "coy": "company",
    "inds": "industries", "indus": "industries", "ind": "industries",
    "industry": "industries", "indl": "industrial",
    "intl": "international", "int": "international", "intrnl": "international",
    "shpg": "shipping", "shipg": "shipping",
    "ctr": "center", "cntr": "center", "centre": "center", "cent": "center",
    "inst": "institute", "instit": "institute",
    "tech": "technology", "techn": "technology", "technologies": "technology",
    "trdg": "trading", "tradg": "trading",
    "grp": "group",
    "hldg": "holding", "hldgs": "holding", "holdings": "holding",
    "mfg": "manufacturing", "mfrs": "manufacturers",
    "eng": "engineering", "engg": "engineering", "engrg": "engineering",
    "dev": "development", "devt": "development",
    "invest": "investment", "invt": "investment", "inv": "investment",
    "res": "research", "rsch": "research", "investments": "investment",
    "svcs": "services", "svc": "services", "serv": "services", "servs": "services",
    "natl": "national", "nat": "national",
    "assn": "association", "assoc": "association",
    "mgmt": "management", "mgt": "management",
    "constr": "construction", "const": "construction",
    "bros": "brothers",
    "elec": "electronics", "electr": "electronics",
    "chem": "chemical", "chems": "chemicals",
    "equip": "equipment", "eqpt": "equipment",
    "estab": "establishment", "est": "establishment",
    "ent": "enterprise", "entp": "enterprise", "ents": "enterprises",
    "nav": "navigation", "navig": "navigation",
    "petr": "petroleum", "petrol": "petroleum",
    "univ": "university",
    "org": "organization", "organisation": "organization",
    "agcy": "agency",
    "gen": "general", "genl": "general",
    "imp": "import", "exp": "export",
    "airl": "airlines",
    "fcty": "factory",
    "bk": "bank",
    "coml": "commercial", "comml": "commercial", "com": "commercial",
    "ins": "insurance",
    "dept": "department",
    "mktg": "marketing",
    "transp": "transport",
    "ltd": "limited",
}  # fmt: skip

GENERIC_WORDS = frozenset(
    """
    company trading trade group holding international general national industries
    industrial services service bank shipping enterprise enterprises investment
    development center institute technology engineering construction management import
    export commercial global trust foundation association organization factory
    establishment agency office committee council department authority society union
    airlines airline marine maritime navigation petroleum oil gas energy power
    electronics chemical chemicals equipment research university consulting logistics
    transport transportation exchange money finance financial capital partners insurance
    systems solutions products manufacturing mining metals steel textile textiles food
    foods marketing brothers corporation limited world commerce business import
    joint stock liability open closed public private free zone
    """.split()  # noqa: SIM905
)


PLACE_WORD_LENGTH = 4  # shorter words of territory names (of, and, st) are left out


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Lower-cased words of the names of current countries (rigour's territories)."""
    from rigour.territories import get_territories

    words: set[str] = set()
    for territory in get_territories():
        if territory.is_historical or not territory.is_country:
            continue
        words.update(w for w in re.findall(r"[^\W\d_]+", territory.name.lower())
                     if len(w) >= PLACE_WORD_LENGTH)  # fmt: skip
    return frozenset(words)
