"""Pairwise name scoring with an explanation of every contribution.

The score of two names is an alignment of their tokens, order-free: each
query token is paired with at most one list token by token similarity
(typo-tolerant edit distance, initials, consonant skeletons for vowel-less
scripts, sound-alike keys). Paired tokens contribute their similarity
weighted by length; unpaired tokens pull the score down — fully when both
names keep tokens the other lacks (a different name), half when one name
only drops parts of the other (a shortened name). Extra facts then move the
score up or down, each adjustment stated.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA, Levenshtein
from rigour._core import metaphone, text_scripts

from .given_names import given_name_ids
from .model import EntryKind
from .names import (
    NameForm,
    foreign_skeleton,
    forget_names,
    name_forms,
    simplified_han,
    skeleton,
)

# Chosen on seeded synthetic data (benchmarks/synthetic_names.py), see docs/screening.md.
DEFAULT_THRESHOLD = 0.80

DROPPED_PART_PENALTY = {EntryKind.PERSON: 0.5}
OTHER_DROPPED_PART_PENALTY = 0.8  # every kind but persons
CONFLICT_WEIGHT = 2.0
LEGAL_FORM_CONFLICT = 0.05
TYPO_COST = 1.5
CROSS_SCRIPT = 4
SOUNDS_ALIKE = 0.8
INITIAL = 0.7
SAME_NAME = 0.9  # one given name in two scripts (Майкл, Michael), per rigour's name data
NUMBER_CONFLICT = 0.2
# Screening against an index only (the screener knows how common each word is on the
# lists): a generic word of an organisation name (trading, bank, or any word on many
# listed organisations) that only one name has weighs this share of its usual weight (a
# dropped "Bank" or "Shipping" costs little; a shared one still counts), and a name that shares
# no distinctive word with a listed name that has one is held to this score.
GENERIC_FACTOR = 0.35
PAIRED_GENERIC_FACTOR = 1.0  # the same for a generic word both names have
DISTINCTIVE_FACTOR = 2.0  # the same for a distinctive word only the query has
# A generic word only the query has weighs in full: a listed name's generic words are what
# a query leaves out ("Shipping"), but a query naming a kind of body the listed name does
# not ("Patraca Systems" for "Patraca S.A. de C.V.") names another body.
QUERY_GENERIC_FACTOR = 1.0
NO_DISTINCTIVE_CAP = 0.70
DISTINCTIVE_SIMILARITY = 0.6  # a shared word: paired at least this closely (a typo in five letters)
# Screening a person against an index, across scripts: a name whose only agreement beyond
# particles and common names is a consonant skeleton (Shamalov ~ شملخ, Karimov ~ کرمی) is
# held to this score, below the alert threshold even with the kind's bonus; the
# transliterated forms must also agree (within the typo budget, or consonant for consonant).
SKELETON_ONLY_CAP = 0.70
# Screening a person: two words alike as a typo, by sound, or with another vowel (not one
# vowel's usual spread) that are both given names with no name in common (Hisham, Hashim;
# Roza, Reza) are two names, not one name's spellings. Within one script (the names as
# their bearers write them) such a pair is a substituted part: it agrees in nothing (at
# half, a long exact family name still carried Khin Shein to Win Shein, Zia Zarepour to
# Issa Zarepour). Across alphabets the Latin word is a transliteration, which may land
# on another name by chance: the pair counts half at most.
DIFFERENT_GIVEN_NAMES = 0.0
DIFFERENT_GIVEN_NAMES_ACROSS = 0.5
# The same for a Latin word against an abjad reading whose written long vowels (alif, waw,
# yaa) stand where the Latin word has none (Andrei ~ نادر, Kevin ~ خانی).
WRITTEN_VOWELS_DIFFER = 0.5
# The same, within one script, for two words alike only as a typo that sound different,
# where the query's word is itself a word of the lists' names (Dukhin ~ DUGIN, Kanaan ~
# KAFAN): the lists write each as a name of its own, and a typo of one listed name is
# seldom exactly another; two names, not one name misspelt.
OTHER_LISTED_NAME = 0.5
# The same for a Latin word against an Arabic or Hebrew word where one starts with a
# vowel and the other does not. A vowel that starts a word is written there, on an alif
# or ain (أحمد Ahmad, عمر Omar; Hebrew alef, ayin, or yod: יצחק Itzhak), and an ain is
# read as a vowel: Ahmad is no حمد (Hamad), Mario no عمری (Omari).
FIRST_VOWEL_DIFFERS = 0.5
# A person's listed name of one name (beyond abd, particles), itself a given or common
# name (Alexander, Abdullah), against a query that adds a name the list lacks: one given
# name in common is held to this score.
ONE_GIVEN_NAME_CAP = 0.70
SERVANT = "abd"  # every spelling of Abd (servant of) as names fold it (names._SERVANT)


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    how: str  # "exact", "typo", "initial", "consonants", "sounds alike"
    query_written: str = ""  # the words as written (before folding), where they line up
    listed_written: str = ""
    generic: bool = False  # weighed as a generic word (screening with an index only)


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    contribution: float  # signed change to the score
    detail: str


@dataclass(slots=True)
class Explanation:
    query_name: str
    matched_name: str
    matched_is_alias: bool
    kind: str
    name_score: float
    score: float
    pairs: list[TokenPair] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_listed: list[str] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    # Words of either name weighed as generic (list word weights, screening only).
    generic: list[str] = field(default_factory=list)
    # The listed entry: primary name, list, dates, nationalities, programmes (screening).
    entry: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["name_score"] = round(self.name_score, 4)
        data["score"] = round(self.score, 4)
        return data

    def to_text(self) -> str:
        alias = " (alias)" if self.matched_is_alias else ""
        lines = [
            f"{self.score:.2f}  {self.query_name!r} ~ {self.matched_name!r}{alias} [{self.kind}]",
            f"  name similarity {self.name_score:.2f}",
        ]
        for p in self.pairs:
            generic = ", generic word" if p.generic else ""
            lines.append(
                f"    {p.query_written or p.query} ~ {p.listed_written or p.listed}:"
                f" {p.similarity:.3f} ({p.how}{generic})"
            )
        if self.unmatched_query:
            lines.append(f"    only in query: {' '.join(self.unmatched_query)}")
        if self.unmatched_listed:
            lines.append(f"    only in list name: {' '.join(self.unmatched_listed)}")
        if self.generic:
            lines.append(f"    weighed as generic words: {' '.join(self.generic)}")
        for f in self.features:
            lines.append(f"  {f.name} {f.contribution:+.3f}: {f.detail}")
        lines.extend(entry_lines(self.entry))
        return "\n".join(lines)


ENTRY_FIELDS = (
    ("primary_name", "listed as"),
    ("list", "list"),
    ("list_version", "list version"),
    ("entry_id", "entry"),
    ("kind", "kind"),
    ("birth_dates", "born"),
    ("nationalities", "nationality"),
    ("countries", "countries"),
    ("programmes", "programmes"),
    ("listed_on", "listed on"),
    ("remarks", "remarks"),
)


def entry_lines(entry: dict[str, Any]) -> list[str]:
    """The listed entry's details, one line each, for an officer ruling on a hit."""
    lines = []
    for key, label in ENTRY_FIELDS:
        value = entry.get(key)
        if isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        if value:
            lines.append(f"  {label}: {value}")
    return lines


def allowed_edits(length: int) -> int:
    """The typo budget of a token of ``length`` letters: none for short tokens."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def pair_budget(la: int, lb: int) -> int:
    """The typo budget of two tokens of ``la`` and ``lb`` letters: the shorter one's with a
    letter added when they differ by at most one, the longer one's when by two, else none."""
    gap = abs(la - lb)
    if gap <= 1:
        return allowed_edits(min(la, lb) + 1)
    return allowed_edits(max(la, lb)) if gap == 2 else 0


@lru_cache(maxsize=500_000)  # common name tokens meet each other over and over
def token_similarity(a: str, b: str, vowelless: int, person: bool) -> tuple[float, str]:
    """Similarity of two folded tokens. ``vowelless`` bit 1: ``a`` came from a script
    without short vowels, bit 2: ``b`` did; bit 4: the two come from different scripts."""
    if a == b:
        return 1.0, "exact"
    la, lb = len(a), len(b)
    if person and (la == 1 or lb == 1):
        return (INITIAL, "initial") if a[0] == b[0] else (0.0, "")
    if a.isdigit() or b.isdigit() or (not person and (_is_number(a) or _is_number(b))):
        return 0.0, "number differs"
    best, how = 0.0, ""
    length = max(la, lb)
    allowed = pair_budget(la, lb)
    dist = OSA.distance(a, b, score_cutoff=allowed + 1)
    if dist <= allowed:
        # Within one script each edit costs more than its share of letters: two typos in a
        # short name are more often another name. Across scripts, edits are transliteration.
        cost = 1.0 if vowelless & CROSS_SCRIPT else TYPO_COST
        how = "typo"
        if skeleton(a) == skeleton(b):
            # Only vowels differ (Osama/Usama, Laden/Ladin): the usual transliteration spread.
            cost, how = cost / 2, "vowels differ"
        best = max(0.0, 1.0 - cost * dist / length)
    if vowelless & 3 and _plausible_abjad(a, b, vowelless & 3):
        strict_a, strict_b = skeleton(a, True), skeleton(b, True)
        if strict_a and strict_a == strict_b:
            # One or two written consonants say less than several.
            return (0.95 if len(strict_a) >= 3 else 0.85), "consonants"
        sa, sb = skeleton(a), skeleton(b)
        if len(sa) >= 3 and sa == sb:
            return 0.9, "consonants"
        skeletons = [(sa, sb)]
        if vowelless & 3 == 1:  # a Latin v or p is what Arabic writes ف, ب
            skeletons.append((sa, foreign_skeleton(b)))
        elif vowelless & 3 == 2:
            skeletons.append((foreign_skeleton(a), sb))
        for sa, sb in skeletons:
            if len(sa) >= 3 and sa == sb:
                return 0.9, "consonants"
            if sa and sb:
                slen = max(len(sa), len(sb))
                sallowed = allowed_edits(slen) if slen > 3 else 0
                sdist = OSA.distance(sa, sb, score_cutoff=sallowed)
                if sdist <= sallowed:
                    sim = 0.9 * (1.0 - sdist / slen)
                    if sim > best:
                        best, how = sim, "consonants"
    close = best < SOUNDS_ALIKE and dist <= allowed + 1 and min(la, lb) >= 4
    if close and metaphone(a) == metaphone(b):
        best, how = SOUNDS_ALIKE, "sounds alike"
    return best, how


def forget_memos() -> None:
    """Empty every memo of names, tokens and token pairs seen (not the loaded name data),
    so that a timing starts cold: for benchmarks."""
    forget_names()
    token_similarity.cache_clear()


def _plausible_abjad(a: str, b: str, vowelless: int) -> bool:
    """A vowel-less spelling still writes long vowels: it keeps 40 % of the letters or more."""
    if vowelless == 1:
        return len(a) >= 0.4 * len(b)
    if vowelless == 2:
        return len(b) >= 0.4 * len(a)
    return True


# Particles and very common name words tell little about who is meant.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ad",
        "ed",
        "as",
        "ash",
        "an",
        "bin",
        "ben",
        "ibn",
        # bin, ibn, bint as Arabic script writes them (بن, ابن, بنت), transliterated
        "bn",
        "abn",
        "bnt",
        "bint",
        "binti",
        "abu",
        "umm",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "del",
        "la",
        "le",
        "mc",
        "mac",
        "st",
    ]
)
ROMAN = frozenset(
    [
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
        "x",
        "xi",
        "xii",
        "xiii",
        "xiv",
        "xv",
        "xx",
    ]
)


def token_weight(token: str) -> float:
    if token in PARTICLES:
        return 0.5
    return min(len(token), 10) ** 0.5


def _is_number(token: str) -> bool:
    return token.isdigit() or token in ROMAN


def compare_forms(
    q: NameForm,
    c: NameForm,
    kind: EntryKind,
    generic: Callable[[str], bool] | None = None,
    listed: Callable[[str], bool] | None = None,
) -> Explanation:
    """Score two name forms; returns the explanation carrying the name score.

    ``generic``: for screening against an index, which folded words are generic on the
    lists; organisation names then weigh those words down (``GENERIC_FACTOR``) and must
    share a distinctive word (``NO_DISTINCTIVE_CAP``). Without it, every word weighs by
    its length alone (pairs of names with no list behind them). ``listed``: screening
    only, whether a folded word is a word of some listed name (``OTHER_LISTED_NAME``)."""
    common = None
    if kind == EntryKind.PERSON:
        # For persons the screener's predicate says which names are common on the lists
        # (Muhammad, Ali, Abd): they do not confirm a person on their own.
        common, generic = generic, None
    person = kind == EntryKind.PERSON
    vowelless = (1 if q.vowelless else 0) | (2 if c.vowelless else 0)
    if q.script != c.script:
        vowelless |= CROSS_SCRIPT
    qt, ct = q.tokens, c.tokens
    expl = Explanation(
        query_name=q.original,
        matched_name=c.original,
        matched_is_alias=False,
        kind=str(kind),
        name_score=0.0,
        score=0.0,
    )
    if not qt or not ct:
        return expl
    if qt == ct:
        qw, cw = q.words or qt, c.words or ct
        expl.pairs = [TokenPair(t, t, 1.0, "exact", a, b, bool(generic and generic(t)))
                      for t, a, b in zip(qt, qw, cw, strict=True)]  # fmt: skip
        expl.name_score = 1.0
    else:
        _align(expl, qt, ct, vowelless, person, kind, q.words or qt, c.words or ct, generic,
               common, listed)  # fmt: skip
    if generic is not None:
        # The generic words as written (before folding) where the words line up.
        as_written = [*zip(qt, q.words or qt, strict=True), *zip(ct, c.words or ct, strict=True)]
        expl.generic = sorted({w for t, w in as_written if generic(t)})
        _require_distinctive(expl, ct, generic, q.script == c.script)
    if common is not None and vowelless & CROSS_SCRIPT:
        _require_transliteration(expl, common, vowelless & 3)
    if common is not None:
        _require_more_than_one_given_name(expl, ct, common)
    screening = common is not None or generic is not None
    one_han = _one_han(q) or _one_han(c)
    if screening and vowelless & CROSS_SCRIPT and one_han and expl.name_score > SKELETON_ONLY_CAP:
        expl.features.append(
            Feature(
                "one character",
                SKELETON_ONLY_CAP - expl.name_score,
                "a single Han character is one syllable: no name in another script",
            )
        )
    written = written_similarity(q, c)
    if written < expl.name_score:
        expl.features.append(
            Feature(
                "written characters",
                written - expl.name_score,
                f"{written_in(q)} characters differ: written similarity {written:.2f}",
            )
        )
    if legal_conflict(q.legal_forms, c.legal_forms):
        expl.features.append(
            Feature(
                "legal form",
                -LEGAL_FORM_CONFLICT,
                f"{'/'.join(q.legal_forms)} vs {'/'.join(c.legal_forms)}",
            )
        )
    expl.score = _clip(expl.name_score + sum(f.contribution for f in expl.features))
    return expl


def _require_distinctive(
    expl: Explanation,
    ct: tuple[str, ...],
    generic: Callable[[str], bool],
    same_script: bool = False,
) -> None:
    """An organisation name alerts on a listed name only through a distinctive word both
    share (not a generic word, particle or number), or, where the listed name has no
    distinctive word, through all of its words."""
    distinctive = {t for t in ct if _distinctive(t, generic)}
    if distinctive:
        shared = any(p.listed in distinctive and _distinctive(p.query, generic)
                     and _shared_closely(p, same_script) for p in expl.pairs)  # fmt: skip
    else:
        # Every word of an all-generic listed name, and no distinctive word besides.
        shared = not expl.unmatched_listed and not any(
            _distinctive(t, generic) for t in expl.unmatched_query
        )
    if not shared and expl.name_score > NO_DISTINCTIVE_CAP:
        expl.features.append(
            Feature(
                "distinctive words",
                NO_DISTINCTIVE_CAP - expl.name_score,
                "no distinctive word in common, only generic words"
                if distinctive
                else "the listed name has only generic words; the names differ in others",
            )
        )


def _require_transliteration(
    expl: Explanation, common: Callable[[str], bool], vowelless: int
) -> None:
    """A person's name in another script alerts only where a word that is no particle or
    common name agrees as transliterated, not through a consonant skeleton alone."""
    skeleton_only = False
    for p in expl.pairs:
        consonants = p.how.startswith("consonants")  # "consonants, but written vowels differ"
        if consonants and not transliterations_agree(p.query, p.listed, vowelless):
            skeleton_only = True
        elif (
            p.how not in ("initial", "")
            and not _common_pair(p, common)
            and not (
                # A given name agreeing is no more than a common one: many people bear it.
                given_name_ids(p.query_written.lower() or p.query)
                or given_name_ids(p.listed_written.lower() or p.listed)
            )
        ):
            return  # a distinctive word agrees as transliterated
    if skeleton_only and expl.name_score > SKELETON_ONLY_CAP:
        expl.features.append(
            Feature(
                "consonants only",
                SKELETON_ONLY_CAP - expl.name_score,
                "across scripts, only consonant skeletons agree beyond common names",
            )
        )


def _require_more_than_one_given_name(
    expl: Explanation, ct: tuple[str, ...], common: Callable[[str], bool]
) -> None:
    """A listed person's name of one name (Alexander, Haji Abdullah), itself a given or
    common name, does not identify a query that adds a name of its own (Alexander Deev).
    An initial is a letter, no name: "Dmitry T" is one given name, and a query's word
    paired only with that letter (Dmitry Ture) is a name the query adds."""
    names = [t for t in ct if t not in PARTICLES and len(t) > 1]
    added = [t for t in expl.unmatched_query if t not in PARTICLES and not _is_number(t)]
    added += [p.query for p in expl.pairs if p.how == "initial" and len(p.query) > 1]
    if not added or expl.name_score <= ONE_GIVEN_NAME_CAP:
        return
    # Abd and the divine name after it (Abd Allah, Abd al-Rahman) are one given name.
    servant = len(names) == 2 and names[0] == "abd"
    if not servant and (len(names) != 1 or not (common(names[0]) or given_name_ids(names[0]))):
        return
    expl.features.append(
        Feature(
            "one given name",
            ONE_GIVEN_NAME_CAP - expl.name_score,
            f"the list name is one given name ({' '.join(names)!r}); the query adds"
            f" {' '.join(added)!r}",
        )
    )


def _one_han(form: NameForm) -> bool:
    """A name written as one Han character (三, 西), which romanises to a syllable that
    Latin acronyms (SAI, SEI) and words share by chance."""
    return form.script == "Han" and sum(ch.isalnum() for ch in form.original) == 1


def _common_pair(pair: TokenPair, common: Callable[[str], bool]) -> bool:
    return pair.query in PARTICLES or common(pair.query) or common(pair.listed)


def transliterations_agree(a: str, b: str, vowelless: int) -> bool:
    """Whether two folded words from different scripts agree as transliterated: within
    the typo budget, or with the same consonants (v kept, or the Latin word's v and p
    as Arabic writes them), not merely similar consonant skeletons. ``vowelless``: bit 1,
    ``a`` came from a script without short vowels; bit 2, ``b`` did."""
    allowed = pair_budget(len(a), len(b))
    if OSA.distance(a, b, score_cutoff=allowed + 1) <= allowed:
        return True
    strict_a, strict_b = skeleton(a, True), skeleton(b, True)
    if strict_a and strict_a == strict_b:
        return True
    # A Latin v or p is what Arabic writes ف, ب; its long vowel و may be left out.
    if vowelless == 1:
        return foreign_skeleton(b) == skeleton(a)
    if vowelless == 2:
        return foreign_skeleton(a) == skeleton(b)
    return False


def _shared_closely(pair: TokenPair, same_script: bool = False) -> bool:
    """Whether a pair of words is close enough to be one word both names share: as folded,
    or as written (the kinder: folding can turn one typo into two edits, Monkhtar /
    Moukhtar becoming monktar / muktar). Within one script a sound-alike key is not
    enough: an organisation's words are written words (COASTAL is no spelling of CASTLE);
    transliterations across scripts are what it is for."""
    by_sound = pair.how.startswith("sounds alike") and same_script
    if pair.similarity >= DISTINCTIVE_SIMILARITY and not by_sound:
        return True
    a, b = pair.query_written.lower(), pair.listed_written.lower()
    if not a or not b:
        return False
    # Letters swapped are one typo (CAHNNEL), as token_similarity counts them.
    written = 1.0 - TYPO_COST * OSA.distance(a, b) / max(len(a), len(b))
    return written >= DISTINCTIVE_SIMILARITY


def _distinctive(token: str, generic: Callable[[str], bool]) -> bool:
    return (
        len(token) >= 2 and token not in PARTICLES and not _is_number(token) and not generic(token)
    )


def legal_conflict(q: Sequence[str], c: Sequence[str]) -> bool:
    """Both names carry legal forms and share none (LLC vs JSC)."""
    return bool(q and c and not set(q) & set(c))


# Scripts whose every character is a syllable or a morpheme: one other character is
# another name (김정은 / 김종은, 高市 / 高石) even where the romanisations coincide.
SYLLABIC_SCRIPTS = frozenset({"Han", "Hangul", "Hiragana", "Katakana"})
TRANSCRIBING_SCRIPTS = ("Hangul", "Katakana")  # whose foreign names are read back (names)


def written_in(form: NameForm) -> str:
    """The script ``form``'s name is written in: a foreign name read back from Hangul or
    Katakana is a Latin-script form of a name written in that script (a listed name's
    form says so only through its original)."""
    if form.transcribed_from:
        return form.transcribed_from
    if form.script == "Latin" and not form.original.isascii():
        scripts = text_scripts(form.original)
        return next((s for s in TRANSCRIBING_SCRIPTS if s in scripts), form.script)
    return form.script


def written_similarity(q: NameForm, c: NameForm) -> float:
    """Character similarity of two names written in the same syllabic script, else 1,
    whichever their readings (김정은, 김종은: gim jeong eun, gim jong eun, both read
    gimjongun as foreign names)."""
    script = written_in(q)
    if script != written_in(c) or script not in SYLLABIC_SCRIPTS:
        return 1.0
    a = "".join(ch for ch in q.original if ch.isalnum())
    b = "".join(ch for ch in c.original if ch.isalnum())
    if script == "Han":  # 習 and 习 are one character, traditional and simplified
        a, b = simplified_han(a), simplified_han(b)
    if a == b or not a or not b:
        return 1.0
    return max(0.0, 1.0 - TYPO_COST * Levenshtein.distance(a, b) / max(len(a), len(b)))


# "bin", "ibn", "bint", "ould": the next name is the father's. Where both names say whose
# son is whom, Salman bin Muhammad is not Muhammad bin Salman.
PATRONYMIC_MARKERS = frozenset({"bin", "ibn", "bint", "binti", "uld", "bn", "abn", "bnt"})
OTHER_ROLE = 0.5
LINEAGE_RELIEF = 0.5


def father_positions(tokens: tuple[str, ...]) -> frozenset[int]:
    if PATRONYMIC_MARKERS.isdisjoint(tokens):
        return frozenset()
    return frozenset(i + 1 for i, t in enumerate(tokens[:-1]) if t in PATRONYMIC_MARKERS)


def same_given_name(a: str, b: str) -> bool:
    """Two written forms of one given name across scripts (John, Джон, جون)."""
    ids = given_name_ids(a)  # the query word first: most family names are no given name
    return bool(ids) and not ids.isdisjoint(given_name_ids(b))


def _align(
    expl: Explanation,
    qt: tuple[str, ...],
    ct: tuple[str, ...],
    vowelless: int,
    person: bool,
    kind: EntryKind,
    q_words: tuple[str, ...] = (),
    c_words: tuple[str, ...] = (),
    generic: Callable[[str], bool] | None = None,
    common: Callable[[str], bool] | None = None,
    listed: Callable[[str], bool] | None = None,
) -> None:
    if generic is None:
        weigh = paired = weigh_query = token_weight
    else:

        def weigh(token: str) -> float:
            return token_weight(token) * (GENERIC_FACTOR if generic(token) else 1.0)

        def weigh_query(token: str) -> float:
            factor = QUERY_GENERIC_FACTOR if generic(token) else DISTINCTIVE_FACTOR
            return token_weight(token) * factor

        def paired(token: str) -> float:
            return token_weight(token) * (PAIRED_GENERIC_FACTOR if generic(token) else 1.0)

    scored = []
    same_name = person and vowelless & CROSS_SCRIPT and bool(q_words and c_words)
    q_fathers, c_fathers = father_positions(qt), father_positions(ct)
    roles = bool(q_fathers and c_fathers)
    screening_person = person and common is not None
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            sim, how = token_similarity(a, b, vowelless, person)
            if (
                screening_person
                and sim > 0
                and how not in ("exact", "initial")
                and ((a in PARTICLES) != (b in PARTICLES))
            ):
                # A particle (bin, abu, de) is a word of its own, no spelling of a name:
                # Banai is not بن (bin). An initial still stands for it (D. for Dhou: du).
                sim, how = 0.0, ""
            elif (
                screening_person
                and sim > 0
                and how != "initial"
                and not vowelless & CROSS_SCRIPT
                and (a == SERVANT) != (b == SERVANT)
                and _other_than_servant(_at(q_words, i, a), _at(c_words, j, b))
            ):
                # Every Latin spelling of Abd (Abdul, Abdel, Abdu, Abd al-) is folded to abd,
                # so a given name of its own alike is another name: Abdi, Abid, Abbas are no
                # Abdul (a fragment, Abde of "Abde lrahman", still pairs).
                sim, how = 0.0, ""
            elif screening_person and sim > 0:
                sim, how = _two_names(sim, how, a, b, vowelless,
                                      _at(q_words, i, a), _at(c_words, j, b), listed)  # fmt: skip
            elif (
                screening_person
                and (len(a) == 1) != (len(b) == 1)
                # Folding can change a first letter (Eugenio: ugenio); the initial is E.
                and _at(q_words, i, a)[:1].lower() == _at(c_words, j, b)[:1].lower()
            ):
                sim, how = INITIAL, "initial"
            if roles and sim > 0 and (i in q_fathers) != (j in c_fathers):
                sim, how = sim * OTHER_ROLE, how + ", but father's name vs own name"
            if sim > 0 or how.endswith("different given names"):
                # Two different given names stay paired at no similarity: the explanation
                # says why the words are another person's.
                scored.append((sim, -abs(i - j), i, j, how))
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    num = den = unconfirmed = 0.0
    confirmed = 0
    for sim, _, i, j, how in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        # Хуан is Juan, not a typo of it: one given name in two scripts.
        upgrade = same_name and sim < SAME_NAME and how != "initial"
        if upgrade and same_given_name(q_words[i], c_words[j]):
            sim, how = SAME_NAME, "same name"
        wq, wc = paired(qt[i]), paired(ct[j])
        if how == "initial":
            # An initial confirms one letter: the rest of the full name stays unconfirmed.
            w = 2 * min(wq, wc)
            unconfirmed += abs(wq - wc)
        else:
            w = wq + wc
            confirmed += sim > 0 and qt[i] not in PARTICLES and not (common and common(ct[j]))
        num += sim * w
        den += w
        expl.pairs.append(_pair(qt[i], ct[j], sim, how, q_words, c_words, i, j, generic))
    if same_name:
        # Tokens left over on both sides may be one given name in two scripts.
        for i in range(len(qt)):
            if i in used_q:
                continue
            for j in range(len(ct)):
                if j not in used_c and same_given_name(q_words[i], c_words[j]):
                    used_q.add(i)
                    used_c.add(j)
                    w = paired(qt[i]) + paired(ct[j])
                    num += SAME_NAME * w
                    den += w
                    confirmed += qt[i] not in PARTICLES
                    expl.pairs.append(
                        _pair(qt[i], ct[j], SAME_NAME, "same name", q_words, c_words, i, j, None)
                    )
                    break
    expl.unmatched_query = [t for i, t in enumerate(qt) if i not in used_q]
    expl.unmatched_listed = [t for j, t in enumerate(ct) if j not in used_c]
    # Particles (al, bin, van ...) come and go between spellings: never a conflict.
    particles = sum(weigh(t) for t in (*expl.unmatched_query, *expl.unmatched_listed)
                    if t in PARTICLES)  # fmt: skip
    extra_q = sum(weigh_query(t) for t in expl.unmatched_query if t not in PARTICLES)
    extra_c = sum(weigh(t) for t in expl.unmatched_listed if t not in PARTICLES)
    dropped = DROPPED_PART_PENALTY.get(kind, OTHER_DROPPED_PART_PENALTY)
    if person and confirmed < 2:
        # One shared name ("Sergei", "Hussein") is no evidence that the rest was dropped.
        dropped = 1.0
    den += dropped * unconfirmed
    if extra_q and extra_c:
        # Each name keeps parts the other lacks: a substituted part, evidence of another name.
        den += CONFLICT_WEIGHT * (extra_q + extra_c) + dropped * particles
    else:
        # A chain of forefathers' names (bin Muhammad bin Awad) is what short forms of an
        # Arabic name leave out: those dropped parts weigh half.
        lineage = 0.0
        if person:
            lineage = sum(weigh(qt[i]) for i in q_fathers
                          if i not in used_q and qt[i] not in PARTICLES)  # fmt: skip
            lineage += sum(weigh(ct[j]) for j in c_fathers
                           if j not in used_c and ct[j] not in PARTICLES)  # fmt: skip
        den += dropped * (extra_q + extra_c + particles - LINEAGE_RELIEF * lineage)
    aligned = num / den if den else 0.0
    numbers = [t for t in (*expl.unmatched_query, *expl.unmatched_listed) if _is_number(t)]
    if numbers and not person:
        expl.features.append(
            Feature("numbers", -NUMBER_CONFLICT, f"number not in both names: {' '.join(numbers)}")
        )
    joined = _joined_similarity(qt, ct, vowelless) if len(qt) != len(ct) else 0.0
    if joined > aligned:
        expl.features.append(
            Feature("joined spelling", 0.0, f"names written with different spacing: {joined:.2f}")
        )
        aligned = joined
    expl.name_score = aligned


def _other_than_servant(a_written: str, b_written: str) -> bool:
    """Whether the word of a pair that is not Abd (``SERVANT``) is a given name of its own
    (Abdi, Abid, Abbas), as written."""
    other = b_written if a_written.lower() == SERVANT else a_written
    return bool(given_name_ids(other.lower()))


def _at(words: tuple[str, ...], i: int, token: str) -> str:
    return words[i] if i < len(words) else token


def _two_names(sim: float, how: str, a: str, b: str, vowelless: int, a_written: str,
               b_written: str, listed: Callable[[str], bool] | None = None
               ) -> tuple[float, str]:  # fmt: skip
    """A person's pair of words lowered where it is two names, not one (screening only):
    see ``DIFFERENT_GIVEN_NAMES``, ``OTHER_LISTED_NAME``, ``FIRST_VOWEL_DIFFERS`` and
    ``WRITTEN_VOWELS_DIFFER``. ``a`` is the query's word."""
    if not vowelless & CROSS_SCRIPT:
        loose = how in ("typo", "sounds alike") or (how == "vowels differ" and _other_vowel(a, b))
        if loose and different_given_names(a_written, b_written):
            return min(sim, DIFFERENT_GIVEN_NAMES), how + ", but different given names"
        if _other_listed_name(how, a, b, a_written, b_written, listed):
            return min(sim, OTHER_LISTED_NAME), how + ", but each is a name on the lists"
        return sim, how
    if how in ("exact", "initial"):
        return sim, how
    if not vowelless & 3 and different_given_names(a_written, b_written):
        # Across alphabets too (Latin, Cyrillic, Greek): rigour's data gives the names of
        # each script, and one name in two scripts shares an id (Elena is no Алёна,
        # Alyona). Not for an abjad, whose consonants alone stand for several names
        # (سمر: Samar, Samir, Sumar), of which rigour gives only some.
        return min(sim, DIFFERENT_GIVEN_NAMES_ACROSS), how + ", but different given names"
    if vowelless & 3 in (1, 2):
        latin, abjad = (b_written, a_written) if vowelless & 3 == 1 else (a_written, b_written)
        if not first_vowels_agree(latin, abjad):
            return min(sim, FIRST_VOWEL_DIFFERS), how + ", but one starts with a vowel"
    if how == "consonants" and vowelless & 3 in (1, 2):
        latin, abjad = (b, a) if vowelless & 3 == 1 else (a, b)
        if not written_vowels_agree(latin, abjad):
            return min(sim, WRITTEN_VOWELS_DIFFER), how + ", but written vowels differ"
        if _count_vf(latin) > _count_vf(abjad):
            # The loose skeleton drops v, as و and ו are long vowels too; but a Latin v or
            # w is a consonant, which Arabic and Hebrew write (و, ו, ف): Gribov is no غريب.
            return min(sim, WRITTEN_VOWELS_DIFFER), how + ", but a written v or w is missing"
    return sim, how


# Shorter words than this are often another listed word by one edit: no evidence.
OTHER_LISTED_LENGTH = 5


def _other_listed_name(how: str, a: str, b: str, a_written: str, b_written: str,
                       listed: Callable[[str], bool] | None) -> bool:  # fmt: skip
    """Whether a query's word ``a`` and a listed word ``b``, in one script, are two names
    the lists know (``OTHER_LISTED_NAME``): ``a`` is itself a word of a listed name, of
    five letters or more, and the two agree only as a typo that sounds different
    (Dukhin ~ DUGIN, Mahmud ~ MAHSUD) or only by sound, beyond the typo budget (Caddow ~
    QADHAFI, Jamea ~ Jaime). Two given names are left to rigour's data
    (``different_given_names``): Mohamed and Muhammad sound alike and are one name."""
    if listed is None or len(a) < OTHER_LISTED_LENGTH or not listed(a):
        return False
    if how == "typo":
        if metaphone(a) == metaphone(b):
            return False  # one sound spelt two ways
    elif how == "sounds alike":
        budget = pair_budget(len(a), len(b))
        if OSA.distance(a, b, score_cutoff=budget + 1) <= budget:
            return False  # a typo that sounds the same (Gaddafi, Kadafi)
    else:
        return False
    return not (given_name_ids(a_written.lower()) and given_name_ids(b_written.lower()))


# The letters of Arabic and Hebrew script a word starting with a vowel starts with: alif
# (with or without hamza or madda), hamza, ain; alef, ayin, and yod or vav (Itzhak יצחק,
# Uziel). Of these only ain and ayin are never a consonant: alif also seats no vowel of
# the Latin spelling (استانکزی, Stanekzai), and yod, vav are also y, v.
_VOWEL_SEATS = frozenset("اأإآٱءئؤعאעיו")
_READ_AS_VOWEL = frozenset("عע")
_ABJAD_LETTERS = ("\u0590", "\u06ff")  # Hebrew and Arabic blocks


def first_vowels_agree(latin_written: str, abjad_written: str) -> bool:
    """Whether a Latin word and an Arabic- or Hebrew-script word, both as written, agree
    on a first vowel (``FIRST_VOWEL_DIFFERS``): a Latin word starting with a vowel needs
    a letter that seats one, and one starting with ain a Latin vowel. True where a word
    is not written in those scripts or letters (nothing to tell)."""
    first = abjad_written[:1]
    latin = unicodedata.normalize("NFKD", latin_written.lstrip("'’ʿʻ`").lower())[:1]
    if not latin.isascii() or not latin.isalpha():
        return True
    if not (_ABJAD_LETTERS[0] <= first <= _ABJAD_LETTERS[1]):
        return True
    if latin in "aeiou":
        return first in _VOWEL_SEATS
    return first not in _READ_AS_VOWEL


# Romanisations spread one short vowel over these letters (fatha a/e, kasra i/e, damma
# u/o: Ahmad/Ahmed, Mustafa/Mostafa); other vowels in one place are another vowel.
_VOWEL_SPREADS = frozenset({frozenset("ae"), frozenset("ie"), frozenset("uo")})


def _other_vowel(a: str, b: str) -> bool:
    """Whether two words of one length differ in a vowel outside one spread (Roza, Reza:
    o and e)."""
    return len(a) == len(b) and any(
        x != y and frozenset((x, y)) not in _VOWEL_SPREADS for x, y in zip(a, b, strict=True)
    )


def different_given_names(a: str, b: str) -> bool:
    """Whether two Latin words are two given names, not spellings of one: both given names
    in rigour's data, with no name in common (Hisham, Hashim). Only for pairs alike as a
    typo or by sound: vowel spreads (Mustafa, Mostafa) never get here, since rigour's data
    misses many of those; a word that is no given name (a family name) says nothing."""
    ids_a = given_name_ids(a.lower())
    return (
        bool(ids_a)
        and (ids_b := given_name_ids(b.lower())) != frozenset()
        and (ids_a.isdisjoint(ids_b))
    )


def _vowel_slots(token: str) -> tuple[int, list[str]] | None:
    """The consonants of a folded word (v and y may be either, so neither counts) and, for
    each gap before, between and after them, the vowel letters written there."""
    consonants = [c for c in token if c not in "aeiouvy"]
    if not consonants:
        return None
    slots = [""] * (len(consonants) + 1)
    k = 0
    for ch in token:
        if ch in "aeiouvy":
            slots[k] += ch
        else:
            k += 1
    return len(consonants), slots


# The Latin vowels that spell each long vowel an abjad writes, as its reading folds them:
# alif "a" (ā), yaa "i" (ī, ē, ay), waw "v" (ū, ō, aw; or the consonant v, w).
_LONG_VOWEL_SPELLINGS = {"a": frozenset("a"), "i": frozenset("iey"), "v": frozenset("uovw")}


def _written_vowel_fits(written: str, latin: str, first: bool, last: bool) -> bool:
    """Whether the Latin letters of one gap spell the long vowels an abjad writes there.
    An alif that starts a word is the seat of any vowel (احمد, ابراهیم, عمر: Ahmad, Ibrahim,
    Omar); a final yaa may be read a (موسی, مصطفی: Musa, Mustafa)."""
    if not latin:
        return False
    for letter in written:
        spellings = _LONG_VOWEL_SPELLINGS.get(letter)
        if spellings is None or (first and letter == "a"):
            continue
        if spellings.isdisjoint(latin) and not (last and letter == "i" and "a" in latin):
            return False
    return True


def _count_vf(token: str) -> int:
    return token.count("v") + token.count("f")


def written_vowels_agree(latin: str, abjad: str) -> bool:
    """Whether the vowels an abjad reading writes (long vowels: alif, waw, yaa) stand where
    the Latin word has vowels too, and are vowels the Latin letters there can spell (هادي,
    hadi, is no Hudu: alif is no u, yaa no u), gap by gap between the same number of
    consonants; True where the consonants do not line up one for one (other rules judge
    those)."""
    ours, theirs = _vowel_slots(latin), _vowel_slots(abjad)
    if ours is None or theirs is None or ours[0] != theirs[0]:
        return True
    last = len(ours[1]) - 1
    return all(
        not written or _written_vowel_fits(written, mine, k == 0, k == last)
        for k, (mine, written) in enumerate(zip(ours[1], theirs[1], strict=True))
    )


def _pair(a: str, b: str, sim: float, how: str, q_words: tuple[str, ...],
          c_words: tuple[str, ...], i: int, j: int,
          generic: Callable[[str], bool] | None) -> TokenPair:  # fmt: skip
    return TokenPair(
        a,
        b,
        round(sim, 4),
        how,
        q_words[i] if i < len(q_words) else a,
        c_words[j] if j < len(c_words) else b,
        bool(generic and generic(b)),
    )


def _joined_similarity(qt: tuple[str, ...], ct: tuple[str, ...], vowelless: int) -> float:
    """'Abd Allah' vs 'Abdullah', 'Xi Jin Ping' vs 'Xi Jinping': compare without spaces."""
    a, b = "".join(qt), "".join(ct)
    if vowelless & 3:
        a, b = skeleton(a), skeleton(b)
        cap = 0.95
    else:
        cap = 1.0
    if not a or not b:
        return 0.0
    length = max(len(a), len(b))
    dist = OSA.distance(a, b, score_cutoff=max(1, length // 10))
    sim = 1.0 - dist / length
    return cap * sim if sim >= 0.9 else 0.0


def _clip(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def best_form_match(
    q_forms: list[NameForm], c_forms: list[NameForm], kind: EntryKind
) -> Explanation:
    best: Explanation | None = None
    for q in q_forms:
        for c in c_forms:
            expl = compare_forms(q, c, kind)
            if best is None or expl.score > best.score:
                best = expl
    assert best is not None
    return best


def score_names(a: str, b: str, kind: EntryKind | str | None = None) -> tuple[float, Explanation]:
    """Similarity of two names in [0, 1] and why; ``kind`` picks person or organisation rules."""
    k = EntryKind(kind) if kind else EntryKind.UNKNOWN
    expl = best_form_match(name_forms(a, k), name_forms(b, k), k)
    expl.query_name, expl.matched_name = a, b
    return expl.score, expl
