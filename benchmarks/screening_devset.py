"""A seeded development set of screening checks, built from the shared sanctions lists.

Every check is one query with what should happen: alert on one listed entry
(a variant of one of its names), or alert on nothing (a hard negative, an unlisted
person). Queries are made from the lists only, never from the evaluation pairs in
``shared/data/eval``. Each check has a category per failure kind:

organisations
  ``org-abbreviation``   words written short (COMP, INDS, INT'L, SHPG, CTR, INST, TECH, ...)
  ``org-legal-form``     legal form spelled out <-> abbreviated (GmbH, SRL, OOO, FZE, ...)
  ``org-dropped-word``   one generic word left out
  ``org-reorder``        words in another order
  ``org-typo``           one typing error in a distinctive word
  ``org-script``         the name written in Cyrillic or Greek letters
  ``org-neg-generic``    shares only generic words with a listed name (negative)
  ``org-neg-one-word``   shares one distinctive word of two (negative)
  ``org-neg-other``      a listed company's distinctive word with another's generic words
  ``org-split-join``     a long word cut in two, or two adjacent words written as one
people
  ``person-parts``       first / middle / last names given as parts, list order or not
  ``person-split-join``  two words written as one, or one as two
  ``person-joined-pair`` a two-word name written as one word (PolPot)
  ``person-neg-swapped-parts`` first and last names given in each other's roles (negative)
  ``person-initials``    a given or middle name reduced to its initial
  ``person-scripts``     one listed person written in at least ten scripts
  ``person-unlisted``    given and family names from the lists, in no listed name, not even
                         up to spelling (Nikolay/Nikolai, Ahmed/Ahmad:
                         ``Vocabulary.listed_person``); the given name whole (no title, an
                         Abdul or Abu with the name after it: ``_first_given``) (negative)

Two splits: ``dev`` (tuned on) and ``held-out`` (never tuned on) use disjoint list
entries (by a hash of the entry's reference) and different seeds.

    python benchmarks/screening_devset.py --split dev --dump dev.csv   # inspect
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from normality import ascii_text

from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import TITLE_TOKENS

SEEDS = {"dev": 15, "held-out": 1015}
PER_CATEGORY = 120

# Short forms seen on the lists and in company registers, per full word.
ABBREVIATIONS = {
    "company": ("COMP", "CO"),
    "industries": ("INDS", "IND"),
    "industrial": ("INDL", "IND"),
    "international": ("INT'L", "INTL"),
    "shipping": ("SHPG",),
    "center": ("CTR",),
    "centre": ("CTR",),
    "institute": ("INST",),
    "technology": ("TECH",),
    "technologies": ("TECH",),
    "corporation": ("CORP",),
    "trading": ("TRDG",),
    "group": ("GRP",),
    "holding": ("HLDG",),
    "holdings": ("HLDGS",),
    "manufacturing": ("MFG",),
    "engineering": ("ENG", "ENGG"),
    "development": ("DEV",),
    "investment": ("INV",),
    "services": ("SVCS",),
    "national": ("NATL", "NAT'L"),
    "association": ("ASSN",),
    "management": ("MGMT",),
    "construction": ("CONSTR",),
    "brothers": ("BROS",),
    "electronics": ("ELEC",),
    "chemical": ("CHEM",),
    "equipment": ("EQUIP",),
    "establishment": ("EST",),
    "enterprise": ("ENT",),
    "enterprises": ("ENTS",),
    "marine": ("MAR",),
    "navigation": ("NAV",),
    "petroleum": ("PETR",),
    "research": ("RES",),
    "university": ("UNIV",),
    "organization": ("ORG",),
    "organisation": ("ORG",),
    "agency": ("AGCY",),
    "limited": ("LTD",),
    "general": ("GEN",),
    "import": ("IMP",),
    "export": ("EXP",),
    "airlines": ("AIRL",),
    "factory": ("FCTY",),
    "bank": ("BK",),
    "commercial": ("COML",),
    "insurance": ("INS",),
}

# Legal forms: each abbreviated form with the words it stands for (one jurisdiction each).
LEGAL_FORMS = (
    ("GMBH", "GESELLSCHAFT MIT BESCHRÄNKTER HAFTUNG"),
    ("AG", "AKTIENGESELLSCHAFT"),
    ("SRL", "SOCIETATEA CU RĂSPUNDERE LIMITATĂ"),
    ("S.R.L.", "SOCIETÀ A RESPONSABILITÀ LIMITATA"),
    ("S.A.", "SOCIEDAD ANÓNIMA"),
    ("SA", "SOCIÉTÉ ANONYME"),
    ("SARL", "SOCIÉTÉ À RESPONSABILITÉ LIMITÉE"),
    ("S.A. DE C.V.", "SOCIEDAD ANÓNIMA DE CAPITAL VARIABLE"),
    ("LTDA", "LIMITADA"),
    ("LLC", "LIMITED LIABILITY COMPANY"),
    ("LTD", "LIMITED"),
    ("CO LTD", "COMPANY LIMITED"),
    ("CO., LTD.", "COMPANY LIMITED"),
    ("INC", "INCORPORATED"),
    ("CORP", "CORPORATION"),
    ("PLC", "PUBLIC LIMITED COMPANY"),
    ("LLP", "LIMITED LIABILITY PARTNERSHIP"),
    ("JSC", "JOINT STOCK COMPANY"),
    ("OJSC", "OPEN JOINT STOCK COMPANY"),
    ("CJSC", "CLOSED JOINT STOCK COMPANY"),
    ("PJSC", "PUBLIC JOINT STOCK COMPANY"),
    ("OOO", "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ"),
    ("OOO", "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU"),
    ("AO", "АКЦИОНЕРНОЕ ОБЩЕСТВО"),
    ("ZAO", "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO"),
    ("OAO", "OTKRYTOE AKTSIONERNOE OBSHCHESTVO"),
    ("PAO", "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO"),
    ("FZE", "FREE ZONE ESTABLISHMENT"),
    ("FZCO", "FREE ZONE COMPANY"),
    ("FZC", "FREE ZONE COMPANY"),
    ("FZ LLC", "FREE ZONE LIMITED LIABILITY COMPANY"),
    ("PTE LTD", "PRIVATE LIMITED"),
    ("PVT LTD", "PRIVATE LIMITED"),
    ("SDN BHD", "SENDIRIAN BERHAD"),
    ("BHD", "BERHAD"),
    ("BV", "BESLOTEN VENNOOTSCHAP"),
    ("NV", "NAAMLOZE VENNOOTSCHAP"),
    ("SPA", "SOCIETÀ PER AZIONI"),
    ("SP. Z O.O.", "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ"),
    ("TOV", "TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU"),
    ("KFT", "KORLÁTOLT FELELŐSSÉGŰ TÁRSASÁG"),
)

# Words that tell little about which company is meant (used to find distinctive words).
GENERIC = frozenset(
    """
    company co corp corporation limited ltd llc inc group holding holdings trading trade
    international general national industries industrial industry services service bank
    shipping enterprise enterprises investment investments development center centre
    institute technology technologies engineering construction management import export
    commercial global trust foundation association organization organisation factory
    establishment agency ministry office committee council department authority society
    union airlines air lines marine maritime navigation petroleum oil gas energy power
    electronics chemical chemicals equipment industrial research university school
    consulting consultants logistics transport transportation exchange money finance
    financial capital partners insurance medical pharmaceutical systems solutions products
    manufacturing mining metals steel textile food foods world middle east west north
    south new first united republic islamic state brothers son sons sa ag gmbh jsc ojsc
    ooo pjsc fze fzco fzc plc llp sarl srl spa bv nv of the and for de la del des du al el
    le
    """.split()  # noqa: SIM905
)

SYLLABLES = ("ka", "lo", "ver", "min", "tas", "rul", "zen", "dor", "fi", "mar", "quo",
             "bel", "tri", "von", "sal", "ner", "gu", "pax", "ri", "del")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Check:
    category: str
    group: str  # "organisation" or "person"
    query: str
    kind: str
    expected: tuple[str, str] | None  # (list_id, entry_id) that must alert, None: no alert
    source: str = ""  # the listed name the query was made from
    parts: tuple[tuple[str, str], ...] = field(default=())  # name parts: (role, value)
    script: str = ""
    # A negative that counts one entry only (it must not alert; others may): a name
    # whose parts trade roles is another person only against a list that gives roles.
    forbidden: tuple[str, str] | None = None


def split_of(entry: ListEntry) -> str:
    digest = hashlib.sha256(f"{entry.list_id}|{entry.entry_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "held-out"


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’.][^\W_]+)*\.?", name)


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name) and any(
        ch.isalpha() for ch in name
    )


def _plain(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


# Letter similarity (rapidfuzz ratio of sound keys) of two spellings of one name word.
SAME_SPELLING = 85
# Spellings of one sound in English-language romanisations, one pass, longest first.
_SOUNDS = {"kh": "k", "gh": "g", "dh": "d", "th": "t", "ph": "f", "ck": "k", "q": "k",
           "c": "k", "w": "v", "y": "i", "z": "s", "ou": "u", "oo": "u", "ee": "i",
           "x": "ks"}  # fmt: skip
_SOUND = re.compile("|".join(sorted(_SOUNDS, key=len, reverse=True)))


def _sound_key(word: str) -> str:
    """A word folded the way romanisations differ (kh/k, q/k, y/i, x/ks, doubled letters)."""
    plain = re.sub(r"[^a-z]", "", (ascii_text(word) or "").lower())
    return re.sub(r"(.)\1+", r"\1", _SOUND.sub(lambda m: _SOUNDS[m.group(0)], plain))


# One short vowel's usual spread between romanisations (Arabic and Persian script leave
# short vowels unwritten; Slavic unstressed vowels reduce): Ahmed/Ahmad, Umar/Omar,
# Hejazi/Hijazi, Mohammed/Muhammad, Rustam/Rrustem. Other vowel changes (Roza/Reza) stay
# different names.
_VOWEL_SPREADS = frozenset({frozenset("ae"), frozenset("ie"), frozenset("uo")})


def _vowel_spread(a: str, b: str) -> bool:
    """Whether two sound keys differ only by vowels within one vowel's usual spread."""
    return len(a) == len(b) and all(
        x == y or frozenset((x, y)) in _VOWEL_SPREADS for x, y in zip(a, b, strict=True)
    )


def _same_spelling(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= SAME_SPELLING or _vowel_spread(a, b)


# Words that begin an Arabic compound given name and are no name alone: Abd (servant
# of), Abdul/Abdel/Abdol (Abd al-), Abu/Abou (father of), Umm (mother of) bind to the
# next word (Abdul Rashid, Abu Bakr). Taken alone they are half a given name.
_COMPOUND_OPENERS = frozenset({"abd", "abdul", "abdel", "abdol", "abdal", "abdur", "abdoul",
                               "abu", "abou", "umm", "um"})  # fmt: skip


_ARTICLES = frozenset({"al", "el", "ul", "ur", "ud", "ar", "as", "ad", "an", "ash", "at", "az"})


def _first_given(given: list[str]) -> str | None:
    """A person's first given name, whole: titles (Dr., Haji, Maulana, Qari) are no given
    name and are skipped; a compound's opening word takes the next word with it (Abdul
    Rashid). None where no whole given name is left."""
    words = [w for w in given if _plain(w)]
    while words and _plain(words[0]) in TITLE_TOKENS:
        words = words[1:]
    if not words:
        return None
    if _plain(words[0]) in _COMPOUND_OPENERS:
        # the article between (Abd al-Rahman written Abd Al Rahman) goes with them
        take = 3 if len(words) > 2 and _plain(words[1]) in _ARTICLES else 2
        return " ".join(words[:take]) if len(words) >= take else None
    return words[0]


class Vocabulary:
    """Document frequencies of words over the loaded lists' organisation names."""

    def __init__(self, entries: Iterable[ListEntry]) -> None:
        self.org = Counter()
        self.person = Counter()
        self.person_pairs: set[tuple[str, str]] = set()
        # Sound keys (``_sound_key``) of the words of each listed person's names, and of
        # the words met beside each in one name: who is listed up to spelling.
        self.person_beside: dict[str, set[str]] = {}
        self.org_names: set[str] = set()
        self.org_full_names: set[str] = set()
        self._by_core: dict[frozenset[str], list[str]] | None = None
        self._sound_keys: list[str] | None = None
        for entry in entries:
            for name in entry.all_names():
                words = {_plain(w) for w in _words(name)} - {""}
                if entry.kind == EntryKind.PERSON:
                    self.person.update(words)
                    for a in words:
                        for b in words:
                            self.person_pairs.add((a, b))
                    keys = {_sound_key(w) for w in _words(ascii_text(name) or name)} - {""}
                    for key in keys:
                        self.person_beside.setdefault(key, set()).update(keys - {key})
                else:
                    self.org.update(words)
                    self.org_names.add(" ".join(sorted(words)))
                    self.org_full_names.add(name)

    def listed_person(self, given: str, family: str) -> bool:
        """Whether some listed person's name has a word like ``family`` and, beside it,
        words like each word of ``given``, each within ordinary spelling variation
        (``SAME_SPELLING`` after ``_sound_key``: Nikolay/Nikolai, Gaddafi/Qadhafi; or
        one vowel's usual spread, ``_vowel_spread``: Ahmed/Ahmad, Hejazi/Hijazi). Such a
        name is that person for screening, no unlisted one."""
        from rapidfuzz import fuzz, process

        if self._sound_keys is None:
            self._sound_keys = list(self.person_beside)
        f = _sound_key(family)
        wanted = [k for k in (_sound_key(w) for w in given.split()) if k]
        like_family = process.extract(f, self._sound_keys, scorer=fuzz.ratio,
                                      score_cutoff=60, limit=None)  # fmt: skip
        beside = [self.person_beside[key] for key, _, _ in like_family
                  if _same_spelling(f, key)]  # fmt: skip
        return any(
            all(any(_same_spelling(g, other) for other in words) for g in wanted)
            for words in beside
        )

    def same_core(self, name: str) -> list[str]:
        """The listed organisation names with the same distinctive words as ``name``."""
        if self._by_core is None:
            self._by_core = {}
            for listed in self.org_full_names:
                self._by_core.setdefault(self.core(listed), []).append(listed)
        return self._by_core.get(self.core(name), [])

    def core(self, name: str) -> frozenset[str]:
        return frozenset(w for w in (_plain(w) for w in _words(name)) if self.distinctive(w))

    def generic(self, word: str) -> bool:
        plain = _plain(word)
        return plain in GENERIC or self.org[plain] >= 25 or len(plain) <= 2

    def distinctive(self, word: str) -> bool:
        plain = _plain(word)
        return plain.isalpha() and len(plain) >= 4 and not self.generic(word)

    def fresh_word(self, r: random.Random) -> str:
        while True:
            word = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3)))
            if self.org[word] == 0 and self.person[word] == 0:
                return word.upper()


def _typo(word: str, r: random.Random) -> str:
    i = r.randrange(1, len(word) - 1)
    op = r.choice(("drop", "swap", "double", "replace"))
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    letter = r.choice("aeiounrstl")
    return word[:i] + (letter.upper() if word[i].isupper() else letter) + word[i + 1 :]


# English letters that Russian romanisation does not use, as the sounds they write; the
# rest is read back through BGN/PCGN (kh: х, ts: ц, shch: щ, ya: я, as the lists romanise
# Russian). One pass, longest first: a replacement is never replaced again (an earlier
# chained version turned "ts" into "c" and then "k", and "shch" into "шч").
_ENGLISH_SOUNDS = {"shch": "shch", "ch": "ch", "ck": "k", "ce": "se", "ci": "si", "cy": "si",
                   "c": "k", "j": "dzh", "w": "v", "x": "ks", "q": "k", "ph": "f",
                   "th": "t"}  # fmt: skip
_ENGLISH = re.compile("|".join(sorted(_ENGLISH_SOUNDS, key=len, reverse=True)))


def _cyrillic(name: str) -> str:
    import icu

    text = _ENGLISH.sub(lambda m: _ENGLISH_SOUNDS[m.group(0)], name.lower())
    bgn = icu.Transliterator.createInstance("Russian-Latin/BGN", icu.UTransDirection.REVERSE)
    text = bgn.transliterate(text)
    # Letters BGN has no Russian for (h alone): ICU's letter-by-letter reading.
    return icu.Transliterator.createInstance("Latin-Cyrillic").transliterate(text).upper()


# Scripts for the one-person-in-many-scripts category (see ``render``: ICU's
# transliterators where they write as documents do, with the vowel marks that documents
# leave out stripped from abjads and a word-initial vowel kept on the letter it sits on;
# Hangul, Katakana and the Indic scripts as those languages transcribe foreign names).
PERSON_SCRIPTS = ("Cyrillic", "Greek", "Arabic", "Hebrew", "Armenian", "Georgian",
                  "Devanagari", "Bengali", "Hangul", "Katakana", "Tamil", "Gujarati")  # fmt: skip
_ABJADS = frozenset({"Arabic", "Hebrew"})


# Modern Greek is written monotonic: ICU's plain Latin-Greek gives ancient breathings
# (an h becomes a rough breathing and is lost: μαἁδ for Mahad); UNGEGN's writes χ.
_TRANSLITERATOR = {"Greek": "Latin-Greek/UNGEGN"}
# The letter an abjad word starting with a vowel is written on (ICU writes the vowel as a
# bare mark, which stripped leaves the word headless: ندري for Andrey).
_VOWEL_SEAT = {"Arabic": "ا", "Hebrew": "א"}


# Sounds that English writes with two letters and an abjad with one letter (or a usual
# pair): ICU's Latin-Arabic and Latin-Hebrew read letter by letter (sh: سه, ch: كه).
_ABJAD_DIGRAPHS = {
    "Arabic": {"sh": "ش", "ch": "تش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ", "zh": "ژ"},
    "Hebrew": {"sh": "ש", "ch": "צ׳", "kh": "ח", "gh": "ג", "th": "ת", "dh": "ד", "zh": "ז׳"},
}


def render(name: str, script: str) -> str:
    import icu

    if script == "Cyrillic":
        return _cyrillic(name).title()
    if script == "Hangul":
        return " ".join("-".join(map(_hangul_word, w.split("-"))) for w in name.lower().split())
    if script == "Katakana":
        return "・".join("＝".join(map(_kana_word, w.split("-"))) for w in name.lower().split())
    trans = icu.Transliterator.createInstance(_TRANSLITERATOR.get(script, f"Latin-{script}"))
    if script in _INDIC:
        return " ".join(_indic_word(trans.transliterate(_indic_sounds(w)), script)
                        for w in name.lower().split())  # fmt: skip
    if script not in _ABJADS:
        return trans.transliterate(name.lower())
    words = []
    digraphs = _ABJAD_DIGRAPHS[script]
    pattern = re.compile("|".join(digraphs))
    for word in re.split(r"([\s-]+)", name.lower()):  # hyphens and spaces kept
        text = trans.transliterate(pattern.sub(lambda m: digraphs[m.group(0)], word))
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
        seat = _VOWEL_SEAT[script] if word[:1] in "aeiou" else ""
        words.append(seat + unicodedata.normalize("NFC", text))
    return "".join(words)


# Hangul, Katakana and the Indic scripts, as documents write a foreign person's name in
# them (ICU's Latin-Hangul and Latin-Katakana read letter by letter: 아렠싯 for Alexis,
# where Korean writes 알렉시스, Japanese アレクシス). Korean and Japanese transcribe
# foreign names sound by sound into syllables, after the national rules (Korea's
# 외래어 표기법: a consonant with no vowel after it takes ㅡ, final n, m, l and a final
# k, p after a vowel close the syllable, l before a vowel doubles as ㄹㄹ; Japan's
# gairaigo conventions: a lone consonant takes u, t and d take o, final n is ン, a doubled
# consonant is ッ, words apart with ・). Hindi, Bengali and Gujarati write no virama
# on a word's last consonant (its vowel is silent: पुतिन, not पुतिन्), Hindi has no
# short e, o signs (ICU's ॆ ॊ are Dravidian), a name's final i and a are long (अली, रेज़ा);
# Tamil writes a final n as ன்.
_INDIC = frozenset({"Devanagari", "Bengali", "Gujarati", "Tamil"})
_VIRAMA = {"Devanagari": "\u094d", "Bengali": "\u09cd", "Gujarati": "\u0acd"}
_HINDI_VOWELS = str.maketrans({"\u0946": "\u0947", "\u094a": "\u094b", "\u090e": "\u090f",
                               "\u0912": "\u0913"})  # fmt: skip


def _indic_sounds(word: str) -> str:
    """A Latin word's vowels as the Indic scripts write a name's: y with no vowel after it
    is i (Dmitry), a final i and a final a are long (अली, रेज़ा), ee and oo are long."""
    word = re.sub(r"y(?![aeiou])", "i", word).replace("ee", "ī").replace("oo", "ū")
    return re.sub(r"a$", "ā", re.sub(r"i$", "ī", word))


def _indic_word(text: str, script: str) -> str:
    if script == "Tamil":
        return re.sub("ந்$", "ன்", text)
    if script == "Devanagari":
        text = text.translate(_HINDI_VOWELS)
    virama = _VIRAMA[script]
    return text[:-1] if text.endswith(virama) else text


_SOUND_UNITS = re.compile("shch|sch|sh|ch|kh|gh|th|ph|ts|zh|dh|ck|ou|oo|ee|aa|ii|uu|.")
_ONE_VOWEL = {"ou": "u", "oo": "u", "ee": "i", "aa": "a", "ii": "i", "uu": "u"}
_ONE_SOUND = {"c": "k", "q": "k", "ck": "k", "ph": "f", "dh": "d", "sch": "sh", "shch": "sh"}


def _syllables(word: str) -> list[tuple[str, str, bool]]:
    """A word's sounds as (consonant, vowel, doubled) syllables; "" where one is missing.
    y is a consonant before a vowel (Yusuf), else the vowel i (Dmitry); x is k, s."""
    units = [u for u in _SOUND_UNITS.findall(word) if u.isalpha()]
    sounds: list[tuple[str, str]] = []  # ("C" or "V", sound)
    for k, unit in enumerate(units):
        if unit == "y":
            after = units[k + 1] if k + 1 < len(units) else ""
            sounds.append(("C", "y") if after[:1] in "aeiou" and after else ("V", "i"))
        elif unit[0] in "aeiou":
            sounds.append(("V", _ONE_VOWEL.get(unit, unit)))
        elif unit == "x":
            sounds += [("C", "k"), ("C", "s")]
        else:
            sounds.append(("C", _ONE_SOUND.get(unit, unit)))
    out: list[tuple[str, str, bool]] = []
    k = 0
    while k < len(sounds):
        kind, sound = sounds[k]
        if kind == "V":
            out.append(("", sound, False))
            k += 1
            continue
        doubled = k + 1 < len(sounds) and sounds[k + 1] == ("C", sound)
        if doubled:
            k += 1
        if k + 1 < len(sounds) and sounds[k + 1][0] == "V":
            out.append((sound, sounds[k + 1][1], doubled))
            k += 2
        else:
            out.append((sound, "", doubled))
            k += 1
    return out


_KANA_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ", "p": "パピプペポ", "m": "マミムメモ",
    "r": "ラリルレロ", "l": "ラリルレロ", "kh": "ハヒフヘホ", "gh": "ガギグゲゴ",
    "th": "サシスセソ",
}  # fmt: skip
_KANA_PAIRS = {
    "t": ("タ", "ティ", "トゥ", "テ", "ト"), "d": ("ダ", "ディ", "ドゥ", "デ", "ド"),
    "y": ("ヤ", "イ", "ユ", "イェ", "ヨ"), "w": ("ワ", "ウィ", "ウ", "ウェ", "ウォ"),
    "f": ("ファ", "フィ", "フ", "フェ", "フォ"), "v": ("ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"),
    "sh": ("シャ", "シ", "シュ", "シェ", "ショ"), "ch": ("チャ", "チ", "チュ", "チェ", "チョ"),
    "j": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"), "zh": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "ts": ("ツァ", "ツィ", "ツ", "ツェ", "ツォ"),
}  # fmt: skip
_KANA_ALONE = {"t": "ト", "d": "ド", "n": "ン", "ch": "チ", "j": "ジ", "sh": "シュ", "y": "イ",
               "w": "ウ", "zh": "ジュ"}  # fmt: skip


def _kana_word(word: str) -> str:
    out = []
    for consonant, vowel, doubled in _syllables(word):
        if doubled and consonant not in ("n", "m", "r", "l", ""):
            out.append("ッ")
        elif doubled and consonant in ("n", "m"):
            out.append("ン")
        if not vowel:
            out.append(_KANA_ALONE.get(consonant) or _kana(consonant, "u"))
        else:
            out.append(_kana(consonant, vowel))
    return "".join(out)


def _kana(consonant: str, vowel: str) -> str:
    k = "aiueo".index(vowel)
    row = _KANA_PAIRS.get(consonant) or _KANA_ROWS.get(consonant, _KANA_ROWS[""])
    return row[k]


# Hangul jamo indices (initial, medial, final) of the syllable block U+AC00 + ...
_INITIAL = {"g": 0, "gh": 0, "n": 2, "d": 3, "r": 5, "l": 5, "m": 6, "b": 7, "v": 7, "s": 9,
            "th": 9, "sh": 9, "": 11, "y": 11, "w": 11, "j": 12, "z": 12, "zh": 12,
            "ch": 14, "ts": 14, "k": 15, "t": 16, "p": 17, "f": 17, "h": 18, "kh": 18}  # fmt: skip
_MEDIAL = {"a": 0, "e": 5, "o": 8, "u": 13, "i": 20, "eu": 18}
_Y_MEDIAL = {"a": 2, "e": 7, "o": 12, "u": 17, "i": 20}  # ya, ye, yo, yu; shi is 시
_W_MEDIAL = {"a": 9, "e": 15, "o": 14, "u": 13, "i": 16}
_FINAL = {"n": 4, "l": 8, "m": 16, "k": 1, "p": 17}
_ALONE_MEDIAL = {"sh": 20, "ch": 20, "j": 20, "w": 13, "y": 20}  # 시, 치, 지, 우, 이


def _hangul_word(word: str) -> str:
    blocks: list[list[int]] = []  # [initial, medial, final]
    syllables = _syllables(word)
    for n, (consonant, vowel, _doubled) in enumerate(syllables):
        last = n == len(syllables) - 1
        open_before = bool(blocks) and blocks[-1][2] == 0
        if consonant == "g" and not vowel and blocks and blocks[-1][2] == _FINAL["n"]:
            blocks[-1][2] = 21  # ng closes the syllable: 종, not 존그
            continue
        if vowel:
            if consonant == "l" and open_before:
                blocks[-1][2] = _FINAL["l"]  # 알리 for Ali, 블라 for vla
            medial = (_Y_MEDIAL if consonant in ("y", "sh") else
                      _W_MEDIAL if consonant == "w" else _MEDIAL)[vowel]  # fmt: skip
            blocks.append([_INITIAL.get(consonant, 11), medial, 0])
        elif (
            open_before
            and blocks[-1][1] != _MEDIAL["eu"]
            and (consonant in ("n", "m", "l") or (last and consonant in ("k", "p")))
        ):
            blocks[-1][2] = _FINAL[consonant]
        else:
            medial = _ALONE_MEDIAL.get(consonant, _MEDIAL["eu"])
            blocks.append([_INITIAL.get(consonant, 11), medial, 0])
    return "".join(chr(0xAC00 + (i * 21 + m) * 28 + f) for i, m, f in blocks)


def _org_entries(entries: list[ListEntry]) -> list[tuple[ListEntry, str]]:
    out = []
    for entry in entries:
        if entry.kind != EntryKind.ORGANISATION:
            continue
        for name in entry.all_names()[:2]:
            if _latin(name) and 2 <= len(_words(name)) <= 8 and "/" not in name:
                out.append((entry, name))
    return out


def _key(entry: ListEntry) -> tuple[str, str]:
    return (entry.list_id, entry.entry_id)


def _without_legal_forms(name: str) -> str:
    """``name`` with its legal forms (``LEGAL_FORMS``, either spelling) taken out."""
    text = " " + name.upper().replace(",", " ") + " "
    for form in sorted({f for pair in LEGAL_FORMS for f in pair}, key=len, reverse=True):
        text = re.sub(r"(?<=\s)" + re.escape(form) + r"(?=\s)", " ", text)
    return text


def _same_but_generic(query: str, listed: str, vocab: Vocabulary) -> bool:
    """``query`` is ``listed`` with generic words only added or only dropped, its legal
    form aside: the listed company's own name by the positive categories' rules
    (``org-dropped-word``, ``org-legal-form``: a legal form swapped is the same company),
    so no negative. (Generic words swapped on both sides stay a negative.)"""
    q = {_plain(w) for w in _words(_without_legal_forms(query))} - {""}
    n = {_plain(w) for w in _words(_without_legal_forms(listed))} - {""}
    q_core = {w for w in q if vocab.distinctive(w)}
    n_core = {w for w in n if vocab.distinctive(w)}
    if not q_core or q_core != n_core:
        return False
    q_gen, n_gen = q - q_core, n - n_core
    return q_gen <= n_gen or n_gen <= q_gen


def organisation_checks(entries: list[ListEntry], vocab: Vocabulary, r: random.Random,
                        per: int) -> list[Check]:  # fmt: skip
    named = _org_entries(entries)
    r.shuffle(named)
    out: list[Check] = []
    made: Counter[str] = Counter()

    def add(
        category: str, entry: ListEntry | None, query: str, source: str, script: str = ""
    ) -> None:
        if made[category] >= per or not query.strip() or _plain(query) == _plain(source):
            return
        expected = _key(entry) if entry is not None else None
        out.append(Check(category, "organisation", query, "organisation", expected, source,
                         script=script))  # fmt: skip
        made[category] += 1

    # Spelled-out legal forms found in names, longest first.
    by_length = sorted(LEGAL_FORMS, key=lambda p: -len(p[0]))
    for entry, name in named:
        words = _words(name)
        upper = [w.upper().rstrip(".") for w in words]
        # Abbreviations: every word that has a short form, written short.
        if made["org-abbreviation"] < per:
            short = [
                r.choice(ABBREVIATIONS[w.lower()]) if w.lower() in ABBREVIATIONS else w
                for w in words
            ]
            if short != words and sum(vocab.distinctive(w) for w in words):
                add("org-abbreviation", entry, " ".join(short), name)
        # Legal forms: the name's form swapped for its other spelling.
        if made["org-legal-form"] < per:
            text = " " + name.upper().replace(",", " ") + " "
            for abbr, full in by_length:
                for a, b in ((abbr, full), (full, abbr)):
                    pattern = r"(?<=\s)" + re.escape(a) + r"(?=\s)"
                    if re.search(pattern, text):
                        swapped = re.sub(pattern, b, text, count=1).split()
                        if a == abbr and r.random() < 0.5:
                            swapped = [b] + [w for w in re.sub(pattern, " ", text).split()]
                        add("org-legal-form", entry, " ".join(swapped), name)
                        break
                else:
                    continue
                break
        generic = [i for i, w in enumerate(words) if vocab.generic(w) and w.lower() not in
                   {"of", "the", "and", "de", "al", "el", "for"}]  # fmt: skip
        distinctive = [i for i, w in enumerate(words) if vocab.distinctive(w)]
        if not distinctive:
            continue
        if len(words) >= 3 and generic and made["org-dropped-word"] < per:
            drop = r.choice(generic)
            add(
                "org-dropped-word",
                entry,
                " ".join(w for i, w in enumerate(words) if i != drop),
                name,
            )
        if made["org-reorder"] < per:
            core = [w for w in upper if w not in {"LTD", "LLC", "CO", "INC", "SA", "AG", "GMBH"}]
            if len(core) >= 2:
                k = r.randrange(1, len(core))
                add("org-reorder", entry, " ".join(core[k:] + core[:k]), name)
        if made["org-typo"] < per:
            i = r.choice(distinctive)
            if len(words[i]) >= 5:
                typo = list(words)
                typo[i] = _typo(words[i], r)
                add("org-typo", entry, " ".join(typo), name)
        if made["org-script"] < per and entry.list_id != "ca-sema":
            add("org-script", entry, _cyrillic(name), name, "Cyrillic")
        # Negatives: a fresh word for the distinctive ones.
        if generic and made["org-neg-generic"] < per:
            neg = [vocab.fresh_word(r) if i in distinctive else w for i, w in enumerate(words)]
            add("org-neg-generic", None, " ".join(neg), name)
        if len(distinctive) >= 2 and made["org-neg-one-word"] < per:
            keep = r.choice(distinctive)
            neg = [vocab.fresh_word(r) if i in distinctive and i != keep else w
                   for i, w in enumerate(words)]  # fmt: skip
            add("org-neg-one-word", None, " ".join(neg), name)
        if generic and made["org-neg-other"] < per:
            other, other_name = r.choice(named)
            others = [w for w in _words(other_name) if vocab.distinctive(w)]
            if others and other is not entry:
                borrowed = r.choice(others)
                neg = [w for i, w in enumerate(words) if i not in distinctive]
                neg.insert(r.randrange(len(neg) + 1), borrowed)
                query = " ".join(neg)
                listed = " ".join(sorted({_plain(w) for w in _words(query)})) in vocab.org_names
                # A listed name (of any entry) with generic words or the legal form
                # changed only is that entry by the positive categories' rules.
                own = any(_same_but_generic(query, n, vocab) for n in vocab.same_core(query))
                if not listed and not own:
                    add("org-neg-other", None, query, f"{name} + {other_name}")
    return out


def _person_names(entries: list[ListEntry]) -> list[tuple[ListEntry, str]]:
    out = []
    for entry in entries:
        if entry.kind != EntryKind.PERSON:
            continue
        name = entry.primary_name
        words = _words(name)
        if _latin(name) and 2 <= len(words) <= 5 and all(len(_plain(w)) >= 2 for w in words):
            out.append((entry, name))
    return out


def _family_last(entry: ListEntry, name: str) -> tuple[list[str], list[str]]:
    """Given names and family names: OFAC, UK and Canada write family names in capitals."""
    words = _words(name)
    caps = [w for w in words if w.isupper()]
    if entry.list_id != "un-sc" and caps and len(caps) < len(words):
        return [w for w in words if not w.isupper()], caps
    return words[:-1], words[-1:]


def person_checks(entries: list[ListEntry], vocab: Vocabulary, r: random.Random,
                  per: int) -> list[Check]:  # fmt: skip
    named = _person_names(entries)
    r.shuffle(named)
    out: list[Check] = []
    made: Counter[str] = Counter()

    def add(category: str, entry: ListEntry | None, query: str, source: str,
            parts: tuple[tuple[str, str], ...] = (), script: str = "") -> None:  # fmt: skip
        if made[category] >= per:
            return
        expected = _key(entry) if entry is not None else None
        out.append(Check(category, "person", query, "person", expected, source, parts, script))
        made[category] += 1

    scripts_people = max(1, per // len(PERSON_SCRIPTS))
    for entry, name in named:
        given, family = _family_last(entry, name)
        words = _words(name)
        if made["person-parts"] < per and given:
            listed = entry.parts_of(name)
            if listed is not None and listed.has_roles():  # the list's own parts
                given, family = listed.given().split(), listed.last_name.split()
            parts = [("first_name", given[0].title())]
            if len(given) > 1:
                parts.append(("middle_name", " ".join(given[1:]).title()))
            parts.append(("last_name", " ".join(family).title()))
            order = [v for _, v in parts]
            if r.random() < 0.5:  # family name first, as many forms ask for it
                order = order[-1:] + order[:-1]
            add("person-parts", entry, " ".join(order), name, tuple(parts))
        if made["person-split-join"] < per:
            long = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()]
            if len(words) >= 3 and r.random() < 0.5:
                i = r.randrange(len(words) - 1)
                joined = [*words[:i], words[i] + words[i + 1].lower(), *words[i + 2 :]]
                add("person-split-join", entry, " ".join(joined), name)
            elif long:
                i = r.choice(long)
                w = words[i]
                cut = r.randrange(3, len(w) - 3)
                split = [*words[:i], w[:cut], w[cut:], *words[i + 1 :]]
                add("person-split-join", entry, " ".join(split), name)
        if made["person-initials"] < per and len(given) >= 1 and len(words) >= 3:
            i = r.randrange(len(given))
            initial = [f"{w[0]}." if w == given[i] else w for w in words]
            add("person-initials", entry, " ".join(initial), name)
        rendered = sum(1 for c in out if c.category == "person-scripts")
        if (
            made["person-scripts"] < per
            and len(words) <= 3
            and entry.list_id != "ca-sema"
            and rendered < scripts_people * len(PERSON_SCRIPTS)
        ):
            plain = " ".join(given + family)
            for script in PERSON_SCRIPTS:
                add("person-scripts", entry, render(plain, script), name, script=script)
        if made["person-unlisted"] < per:
            other, other_name = r.choice(named)
            _g2, f2 = _family_last(other, other_name)
            first = _first_given(given)
            if first and f2 and other is not entry:
                b = _plain(f2[-1])
                listed = _listed_pair(vocab, first, b)
                if not listed and len(b) >= 4:
                    add("person-unlisted", None, f"{first.title()} {f2[-1].title()}",
                        f"{name} + {other_name}")  # fmt: skip
    return out


def _listed_pair(vocab: Vocabulary, given: str, family: str) -> bool:
    """Whether ``given`` (one whole given name, maybe of two words) beside ``family`` is
    some listed person's name, exactly or up to spelling."""
    words = [_plain(w) for w in given.split()]
    exact = all((w, family) in vocab.person_pairs for w in words)
    return exact or vocab.listed_person(given, family)


def unlisted_checks(entries: list[ListEntry], count: int, seed: int) -> list[Check]:
    """``count`` unlisted people made as ``person-unlisted`` makes them (a listed person's
    first given name with another listed person's family name, in no listed name even up
    to spelling), from the entries of both splits with their own seed: a larger sample
    of that category, for its false-alert rate (one alert in 120 is 0.8 %)."""
    vocab = Vocabulary(entries)
    named = _person_names(entries)
    r = random.Random(f"unlisted-{seed}")
    out: list[Check] = []
    seen: set[str] = set()
    for _ in range(count * 50):
        if len(out) >= count:
            break
        (entry, name), (other, other_name) = r.choice(named), r.choice(named)
        given, _ = _family_last(entry, name)
        _g2, f2 = _family_last(other, other_name)
        first = _first_given(given)
        if not first or not f2 or other is entry:
            continue
        b = _plain(f2[-1])
        query = f"{first.title()} {f2[-1].title()}"
        if len(b) < 4 or query in seen:
            continue
        if _listed_pair(vocab, first, b):
            continue
        seen.add(query)
        out.append(Check("person-unlisted", "person", query, "person", None,
                         f"{name} + {other_name}"))  # fmt: skip
    return out


def split_join_checks(entries: list[ListEntry], vocab: Vocabulary, r: random.Random,
                      per: int) -> list[Check]:  # fmt: skip
    """Words split or joined differently, and names whose parts trade roles.

    ``org-split-join``: a long distinctive word of an organisation's name cut in two
    (ROSOBORONEXPORT -> ROSOBORON EXPORT), or two adjacent words written as one
    (GOOD WILL -> GOODWILL). ``person-joined-pair``: a two-word person's name written
    as one word (POL POT -> PolPot). ``person-neg-swapped-parts``: a listed person whose
    list gives first and last names, asked with the two in each other's roles (a
    negative for that entry only: the query says which is which; the same person on a
    list that gives no roles may still alert)."""
    out: list[Check] = []
    made: Counter[str] = Counter()
    orgs = _org_entries(entries)
    r.shuffle(orgs)
    for entry, name in orgs:
        if made["org-split-join"] >= per:
            break
        words = _words(name)
        long = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()
                and vocab.distinctive(w)]  # fmt: skip
        pairs = [i for i in range(len(words) - 1) if words[i].isalpha() and words[i + 1].isalpha()
                 and (vocab.distinctive(words[i]) or vocab.distinctive(words[i + 1]))]  # fmt: skip
        if long and (not pairs or r.random() < 0.5):
            i = r.choice(long)
            cut = r.randrange(4, len(words[i]) - 3)
            query = [*words[:i], words[i][:cut], words[i][cut:], *words[i + 1 :]]
        elif pairs:
            i = r.choice(pairs)
            query = [*words[:i], words[i] + words[i + 1], *words[i + 2 :]]
        else:
            continue
        out.append(Check("org-split-join", "organisation", " ".join(query), "organisation",
                         _key(entry), name))  # fmt: skip
        made["org-split-join"] += 1
    people = _person_names(entries)
    r.shuffle(people)
    for entry, name in people:
        words = _words(name)
        if made["person-joined-pair"] < per and len(words) == 2 and all(w.isalpha() for w in words):
            joined = words[0].title() + (words[1].title() if r.random() < 0.5 else words[1].lower())
            out.append(Check("person-joined-pair", "person", joined, "person", _key(entry), name))
            made["person-joined-pair"] += 1
        listed = entry.parts_of(name)
        if made["person-neg-swapped-parts"] < per and listed is not None and listed.has_roles():
            given, last = listed.given().title(), listed.last_name.title()
            if _plain(given) != _plain(last) and " " not in given + last:
                parts = (("first_name", last), ("last_name", given))
                out.append(Check("person-neg-swapped-parts", "person", f"{last} {given}",
                                 "person", None, name, parts, forbidden=_key(entry)))  # fmt: skip
                made["person-neg-swapped-parts"] += 1
    return out


def checks(entries: list[ListEntry], split: str, per: int = PER_CATEGORY) -> list[Check]:
    """The checks of ``split`` ("dev" or "held-out"), made from its half of the entries."""
    vocab = Vocabulary(entries)
    mine = [e for e in entries if split_of(e) == split]
    # One generator each: a change to the organisation checks leaves the people as they are.
    orgs = organisation_checks(mine, vocab, random.Random(SEEDS[split]), per)
    people = person_checks(mine, vocab, random.Random(f"{SEEDS[split]}-people"), per)
    joins = split_join_checks(mine, vocab, random.Random(f"{SEEDS[split]}-split-join"), per)
    return orgs + people + joins


def main() -> int:
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from screening import load_real_entries

    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=sorted(SEEDS), default="dev")
    parser.add_argument("--dump", help="write the checks as CSV here")
    args = parser.parse_args()
    made = checks(load_real_entries(), args.split)
    print(Counter(c.category for c in made))
    if args.dump:
        with open(args.dump, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["category", "query", "expected", "source", "parts", "script"])
            for c in made:
                expected = "/".join(c.expected) if c.expected else ""
                writer.writerow([c.category, c.query, expected, c.source, c.parts, c.script])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
