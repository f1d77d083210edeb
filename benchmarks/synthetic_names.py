"""Seeded synthetic sanctions list and planted query variants, for scale and recall tests.

Names are multilingual: Latin-script given names with syllable-built family
names (a large, realistic vocabulary), some written in Cyrillic, Greek or
Arabic script, and organisations with legal forms. Entries carry aliases
(another script, reordered, a shortened form). Planted variants of listed
names — a typo, a reordering, a transliteration, a dropped part — must be
found again; fresh names built the same way but not listed measure false alerts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from alliance.engines.screening.model import Alias, AliasQuality, EntryKind, ListEntry

GIVEN = [
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "maria",
    "anna",
    "elena",
    "olga",
    "ivan",
    "sergei",
    "dmitri",
    "alexei",
    "nikolai",
    "vladimir",
    "andrei",
    "pavel",
    "mikhail",
    "yuri",
    "igor",
    "oleg",
    "ahmed",
    "mohammed",
    "ali",
    "hassan",
    "hussein",
    "omar",
    "khalid",
    "yusuf",
    "ibrahim",
    "mahmoud",
    "karim",
    "tariq",
    "samir",
    "fatima",
    "aisha",
    "layla",
    "zainab",
    "nadia",
    "leila",
    "amina",
    "pierre",
    "jean",
    "louis",
    "francois",
    "jacques",
    "marie",
    "hans",
    "klaus",
    "peter",
    "juan",
    "carlos",
    "jose",
    "luis",
    "miguel",
    "pedro",
    "antonio",
    "manuel",
    "wei",
    "ming",
    "jun",
    "hui",
    "li",
    "hong",
    "kenji",
    "hiroshi",
    "takeshi",
    "yuki",
    "giorgos",
    "nikos",
    "dimitris",
    "kostas",
    "eleni",
    "sofia",
]
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "kr",
    "st",
    "sh",
    "ch",
    "kh",
    "gr",
    "tr",
    "dr",
    "zh",
]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ou", "ia"]
CODAS = ("", "", "n", "r", "s", "l", "v", "k", "m", "t")
SUFFIXES = ("", "", "ov", "ev", "in", "enko", "escu", "ski", "idis", "oglu", "i", "ani")
ORG_WORDS = [
    "trading",
    "industrial",
    "global",
    "national",
    "petroleum",
    "shipping",
    "logistics",
    "holding",
    "capital",
    "energy",
    "mining",
    "metals",
    "chemical",
    "engineering",
    "import",
    "export",
    "bank",
    "finance",
    "investment",
    "resources",
    "technology",
    "systems",
    "marine",
    "aviation",
    "construction",
    "development",
]
LEGAL_FORMS = ("LLC", "Ltd", "OOO", "S.A.", "GmbH", "JSC", "Inc.", "Co. Ltd", "AG", "FZE")

_CYRILLIC = {
    "shch": "щ", "sh": "ш", "ch": "ч", "kh": "х", "zh": "ж", "ts": "ц", "yu": "ю", "ya": "я",
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "y": "ы",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т",
    "u": "у", "f": "ф", "h": "х", "c": "к", "j": "дж", "w": "в", "x": "кс", "q": "к",
}  # fmt: skip
_GREEK = {
    "ou": "ου", "th": "θ", "ch": "χ", "ps": "ψ", "ks": "ξ", "a": "α", "b": "β", "g": "γ", "d": "δ",
    "e": "ε", "z": "ζ", "i": "ι", "k": "κ", "l": "λ", "m": "μ", "n": "ν", "x": "ξ", "o": "ο",
    "p": "π", "r": "ρ", "s": "σ", "t": "τ", "y": "υ", "f": "φ", "u": "ου", "v": "β", "h": "",
    "c": "κ", "j": "τζ", "w": "ου", "q": "κ",
}  # fmt: skip
# Arabic writes consonants and long vowels; short vowels are dropped except word-initially.
_ARABIC = {
    "sh": "ش", "kh": "خ", "th": "ث", "gh": "غ", "b": "ب", "t": "ت", "j": "ج", "h": "ح",
    "d": "د", "r": "ر", "z": "ز", "s": "س", "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م",
    "n": "ن", "w": "و", "y": "ي", "g": "غ", "v": "ف", "p": "ب", "c": "ك", "x": "كس",
}  # fmt: skip


def _render(word: str, table: dict[str, str], drop_vowels: bool = False) -> str:
    out, i = [], 0
    while i < len(word):
        for n in (4, 3, 2):
            chunk = word[i : i + n]
            if chunk in table:
                out.append(table[chunk])
                i += n
                break
        else:
            ch = word[i]
            if ch in "aeiou" and drop_vowels:
                # Arabic writes a word-initial vowel with alif, long ones with a letter.
                out.append("ا" if i == 0 else "")
            else:
                out.append(table.get(ch, ch))
            i += 1
    return "".join(out)


def to_script(name: str, script: str) -> str:
    table = {"cyrillic": _CYRILLIC, "greek": _GREEK, "arabic": _ARABIC}[script]
    return " ".join(_render(w.lower(), table, drop_vowels=script == "arabic") for w in name.split())


class NameFactory:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def family(self) -> str:
        r = self.rng
        parts = [
            r.choice(ONSETS) + r.choice(NUCLEI) + r.choice(CODAS) for _ in range(r.randint(2, 3))
        ]
        return ("".join(parts) + r.choice(SUFFIXES)).capitalize()

    def person(self) -> str:
        r = self.rng
        tokens = [r.choice(GIVEN).capitalize()]
        if r.random() < 0.4:
            tokens.append(r.choice(GIVEN).capitalize())
        tokens.append(self.family())
        if r.random() < 0.15:
            tokens.append(self.family())
        return " ".join(tokens)

    def organisation(self) -> str:
        r = self.rng
        words = [self.family(), *r.sample(ORG_WORDS, r.randint(1, 2))]
        return " ".join(w.capitalize() for w in words) + " " + r.choice(LEGAL_FORMS)


def synthetic_entries(count: int, seed: int = 20260508) -> Iterator[ListEntry]:
    """``count`` entries, about a third with aliases."""
    names = NameFactory(seed)
    r = names.rng
    for i in range(count):
        if r.random() < 0.8:
            kind, name = EntryKind.PERSON, names.person()
        else:
            kind, name = EntryKind.ORGANISATION, names.organisation()
        aliases: list[Alias] = []
        roll = r.random()
        if roll < 0.15:
            script = r.choice(("cyrillic", "greek", "arabic"))
            aliases.append(Alias(to_script(name, script), AliasQuality.STRONG, script))
        elif roll < 0.25:
            aliases.append(Alias(" ".join(reversed(name.split())), AliasQuality.WEAK))
        elif roll < 0.35 and kind is EntryKind.PERSON:
            aliases.append(Alias(names.person(), AliasQuality.WEAK))
        yield ListEntry("synthetic", f"S{i:07d}", kind, name, tuple(aliases))


@dataclass(frozen=True, slots=True)
class Planted:
    query: str
    variant: str  # typo, reorder, transliteration, dropped part
    entry_id: str
    kind: EntryKind


def _typo(word: str, r: random.Random) -> str:
    i = r.randrange(1, len(word) - 1)
    op = r.choice(("swap", "drop", "double", "replace"))
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + r.choice("aeioubdklmnrst") + word[i + 1 :]


def planted_variants(entries: list[ListEntry], count: int, seed: int = 7) -> list[Planted]:
    """Queries derived from random listed names, one of four variants each."""
    r = random.Random(seed)
    out: list[Planted] = []
    variants = ("typo", "reorder", "transliteration", "dropped part")
    while len(out) < count:
        entry = r.choice(entries)
        tokens = entry.primary_name.split()
        variant = variants[len(out) % 4]
        if variant == "typo":
            long_ones = [i for i, t in enumerate(tokens) if len(t) >= 5]
            if not long_ones:
                continue
            i = r.choice(long_ones)
            tokens[i] = _typo(tokens[i], r)
            query = " ".join(tokens)
        elif variant == "reorder":
            if len(tokens) < 2:
                continue
            query = " ".join(tokens[-1:] + tokens[:-1])
        elif variant == "transliteration":
            if entry.kind is not EntryKind.PERSON:
                continue
            query = to_script(entry.primary_name, r.choice(("cyrillic", "greek", "arabic")))
        else:
            if len(tokens) < 3 or entry.kind is not EntryKind.PERSON:
                continue
            del tokens[r.randrange(1, len(tokens) - 1)]
            query = " ".join(tokens)
        out.append(Planted(query, variant, entry.entry_id, entry.kind))
    return out


def unlisted_people(count: int, seed: int = 99) -> list[str]:
    """People built like the listed ones but from another seed: nobody on the list."""
    names = NameFactory(seed)
    return [names.person() for _ in range(count)]
