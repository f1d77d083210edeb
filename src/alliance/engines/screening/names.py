"""Name normalisation: script-aware transliteration, titles, legal forms, comparison keys.

A raw name becomes one or more ``NameForm`` records (several when the script is
ambiguous: Han characters are read as Chinese pinyin and as Japanese). Each
form holds lower-case ASCII tokens with titles and legal forms taken out, and
notes which script the name came from, because scripts that write no short
vowels (Arabic, Hebrew, Thai) need consonant-skeleton comparison.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rigour._core import ordinals_dict, person_name_prefixes_list, stopwords_list, text_scripts
from rigour.names.org_types import extract_org_types, replace_org_types_compare

from .foreign_readings import foreign_readings
from .given_names import given_name_ids
from .model import EntryKind
from .org_words import ABBREVIATIONS

# Scripts that leave short vowels unwritten: compare their names by consonants.
VOWELLESS_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "Thai", "Lao"})

_SPLIT = re.compile(r"[^a-z0-9]+")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def _title_tokens() -> frozenset[str]:
    titles = {t for p in person_name_prefixes_list() for t in _SPLIT.split(ascii_text(p).lower())}
    titles |= {
        "mr", "mrs", "ms", "mme", "sir", "sheikh", "shaikh", "sheik", "haji", "hajji", "mullah",
        "maulana", "maulvi", "mawlawi", "imam", "emir", "amir", "prof", "professor", "gen",
        "col", "lt", "maj", "major", "sgt", "brig", "rev", "reverend", "father", "qari", "sayed",
        "sayyid", "dr", "eng", "engineer", "jr", "sr", "ii", "iii", "alias", "aka", "nee",
    }  # fmt: skip
    # Words that are also common given or family names stay: they are evidence.
    return frozenset(titles - {"", "count", "general", "lady", "lord", "father", "amir", "emir"})


TITLE_TOKENS = _title_tokens()
# Titles that are also given or family names (Sheikh, Sayed, Haji, Imam; Major, Prince):
# a title stands before a name, so one of these is a title only among the words a name
# opens with (Sheikh Ahmed Yassin, Haji Abdullah); after a name it is a name (Sulieman
# Sheikh, John Major).
NAME_TITLES = TITLE_TOKENS & frozenset({
    "sheikh", "shaikh", "sheik", "sayed", "sayyid", "haji", "hajji", "imam", "qari", "mullah",
    "maulana", "maulvi", "mawlawi", "major", "prince", "princess", "noble", "marshal",
    "queen", "dame", "grand", "royal", "private", "president", "chair",
})  # fmt: skip


def _name_words(tokens: tuple[str, ...]) -> list[int]:
    """Positions of a Latin-script person name's words that are no title."""
    opening = 0
    while opening < len(tokens) and tokens[opening] in TITLE_TOKENS:
        opening += 1
    return [i for i, t in enumerate(tokens)
            if t not in TITLE_TOKENS or (t in NAME_TITLES and i >= opening)]  # fmt: skip


ORG_STOPWORDS = frozenset(stopwords_list()) | {"the", "of", "and", "co", "company"}


@dataclass(frozen=True, slots=True)
class NameForm:
    """One comparable reading of a name."""

    original: str
    tokens: tuple[str, ...]  # folded, order kept as written
    legal_forms: tuple[str, ...] = ()  # generic legal-form codes found (organisations)
    vowelless: bool = False  # written in a script without short vowels
    script: str = "Latin"
    # Each token as written before folding (in its own script where the words line up),
    # for looking up which given name it is; () when unknown.
    words: tuple[str, ...] = ()
    respaced: bool = False  # a reading with words split or joined (see respacing)
    # A foreign name read back from its transcription in this script (Hangul, Katakana;
    # see foreign_readings): its letters spell the name as Latin script does, so its
    # script is Latin, and against a Latin name a letter that differs is a typo, not the
    # spread between two scripts' spellings.
    transcribed_from: str = ""

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


@lru_cache(maxsize=1)
def _kakasi():  # type: ignore[no-untyped-def]
    """Japanese readings of Han characters (pykakasi ships its dictionary offline)."""
    try:
        import pykakasi
    except ImportError:  # optional: without it Han names get pinyin only
        return None
    return pykakasi.kakasi()


@lru_cache(maxsize=4)
def _bgn(script: str):  # type: ignore[no-untyped-def]
    try:
        import icu
    except ImportError:  # normality then falls back on its own transliteration
        return None
    source = {"Cyrillic": "Russian", "Greek": "Greek"}[script]
    return icu.Transliterator.createInstance(f"{source}-Latin/BGN; Latin-ASCII")


@lru_cache(maxsize=1)
def _traditional_to_simplified():  # type: ignore[no-untyped-def]
    try:
        import icu
    except ImportError:
        return None
    return icu.Transliterator.createInstance("Traditional-Simplified")


@lru_cache(maxsize=10_000)
def simplified_han(text: str) -> str:
    """Traditional Han characters as simplified ones (ICU's table)."""
    trans = _traditional_to_simplified()
    return trans.transliterate(text) if trans is not None else text


def _hangul_syllables(text: str) -> str:
    """Romanise Hangul syllable by syllable so name syllables stay separate tokens."""
    out = []
    for ch in text:
        if _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST:
            out.append(" " + ascii_text(ch) + " ")
        else:
            out.append(ch)
    return ascii_text("".join(out))


_FOREIGN_NAME_SPELLINGS = {
    "Cyrillic": (("х", "h"),),
    "Greek": (("γου", "w"), ("τσ", "ch"), ("τζ", "j"), ("ντ", "d"), ("μπ", "b"), ("γκ", "g"),
              ("χ", "h")),
}  # fmt: skip


def transliterations(name: str) -> list[tuple[str, str]]:
    """ASCII readings of ``name`` with the dominant script of the original; a foreign
    name read back from Hangul or Katakana (``foreign_readings``) with the script
    "Latin" (see ``NameForm.transcribed_from``)."""
    return [(reading, "Latin" if source else script)
            for reading, script, source in _readings(name)]  # fmt: skip


def _readings(name: str) -> list[tuple[str, str, str]]:
    """``transliterations``, with the script of each reading as written, and, for a
    foreign name read back, the script it was transcribed in."""
    if name.isascii():
        return [(name, "Latin", "")]
    scripts = text_scripts(name) - {"Common", "Inherited"}
    script = "Latin" if not scripts or scripts == {"Latin"} else sorted(scripts - {"Latin"})[0]
    if "Hangul" in scripts:
        # Syllable by syllable (a Korean name, 김정은), and as a foreign name transcribed.
        transcribed = [(r, "Hangul", "Hangul") for r in foreign_readings(name, "Hangul")]
        return [(_hangul_syllables(name), "Hangul", ""), *transcribed]
    if script in ("Cyrillic", "Greek") and (bgn := _bgn(script)) is not None:
        # BGN/PCGN writes ж zh, ч ch, х kh, and modern Greek ντ d, μπ b, η i, as
        # English-language lists do; ICU's default scholarly forms (ž, č, h; nt, mp, e)
        # lose them once accents are stripped.
        readings = [(bgn.transliterate(name).replace("\u00b7", ""), script, "")]  # D·evid
        lowered = name.lower()
        foreign = lowered
        for letters, latin in _FOREIGN_NAME_SPELLINGS[script]:
            foreign = foreign.replace(letters, latin)
        if foreign != lowered:
            # A second reading, as these scripts transcribe foreign names (Ханс Hans,
            # Ντέιβιντ David, Τσαρλς Charles), beside the native one (Хасан Khasan).
            readings.append((bgn.transliterate(foreign).replace("\u00b7", ""), script, ""))
        return readings
    readings = [(ascii_text(name), script, "")]
    if "Han" in scripts or "Hiragana" in scripts or "Katakana" in scripts:
        kakasi = _kakasi()
        if kakasi is not None:
            parts = [p["hepburn"] for p in kakasi.convert(name) if p["hepburn"]]
            japanese = " ".join(parts)
            if japanese and japanese != readings[0][0]:
                readings.append((japanese, script, ""))
    if script == "Katakana":  # a foreign name as Japanese transcribes it
        readings += [(r, script, script) for r in foreign_readings(name, script)]
    return readings


# Spelling variants produced by different transliteration schemes, folded to one.
_FOLDS = (
    ("tsh", "ch"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("dz", "j"), ("kh", "k"), ("gh", "g"),
    ("dh", "d"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("x", "ks"),
    ("ch", "\x01"), ("c", "k"), ("\x01", "ch"),
    ("q", "k"), ("w", "v"), ("z", "s"), ("y", "i"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("eo", "o"), ("eu", "u"),
)  # fmt: skip
_REPEATS = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Collapse transliteration variants: x/ks, ph/f, doubled letters, y/i, ou/u ..."""
    if token.isdigit():
        return token
    for a, b in _FOLDS:
        if a in token:
            token = token.replace(a, b)
    return _REPEATS.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def skeleton(token: str, keep_v: bool = False) -> str:
    """Consonant skeleton: what a vowel-less script writes.

    Arabic and Hebrew write w/v (و ו) both as a consonant and as a long vowel, so the
    loose skeleton drops v and the strict one keeps it. Arabic has no p: it writes b.
    """
    if token.isdigit():
        return token
    stripped = token.replace("p", "b") if keep_v else token.replace("v", "").replace("p", "b")
    return _REPEATS.sub(r"\1", _VOWELS.sub("", stripped))


@lru_cache(maxsize=200_000)
def foreign_skeleton(token: str) -> str:
    """Consonants of a Latin-script name as Arabic script spells a foreign name: it has
    no v or p and writes them ف (f) and ب (b)."""
    if token.isdigit():
        return token
    stripped = token.replace("v", "f").replace("p", "b")
    return _REPEATS.sub(r"\1", _VOWELS.sub("", stripped))


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def _clean_tokens(ascii_name: str) -> tuple[str, ...]:
    # Apostrophes join (O'Brien, Qa'ida, ICU's syllable mark "on'g"); dotted abbreviations
    # join (G.m.b.H., U.S., S.A.); other marks split.
    joined = ascii_name.lower().replace("'", "").replace("`", "")
    joined = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), joined)
    return tuple(t for t in _SPLIT.split(joined) if t)


def name_forms(name: str, kind: EntryKind | str | None) -> list[NameForm]:
    """Every comparable reading of ``name`` for an entity of ``kind``."""
    return list(_name_forms(name, EntryKind(kind) if kind else EntryKind.UNKNOWN))


@lru_cache(maxsize=100_000)  # the same names are screened again and again
def _name_forms(name: str, kind: EntryKind) -> tuple[NameForm, ...]:
    forms: list[NameForm] = []
    source = name
    if kind in (EntryKind.ORGANISATION, EntryKind.UNKNOWN, EntryKind.VESSEL) and not name.isascii():
        # Legal forms in the name's own script (Акционерное общество, Общество с
        # ограниченной ответственностью) become their class before transliteration, which
        # spells them in ways no table lists (aktsionernoye, aktsionernoe).
        source = _native_legal_forms(name)
    for reading, written_in, transcribed_from in _readings(source):
        if not reading.isascii():
            reading = ascii_text(_strip_marks(reading))
        # The words as written (in the name's own script) stay, for the given names.
        words = _WORDS.findall(name.lower()) if written_in != "Latin" else None
        form = _form_from_ascii(name, reading, written_in, kind, words, transcribed_from)
        if all(f.tokens != form.tokens for f in forms):  # readings may fold alike
            forms.append(form)
    return tuple(f for f in forms if f.tokens) or tuple(forms[:1])


def _form_from_ascii(
    original: str,
    reading: str,
    written_in: str,
    kind: EntryKind,
    words: list[str] | None = None,
    transcribed_from: str = "",
) -> NameForm:
    lowered = reading.lower()
    legal: tuple[str, ...] = ()
    if kind in (EntryKind.ORGANISATION, EntryKind.UNKNOWN, EntryKind.VESSEL):
        legal, lowered = _split_legal_forms(_expand_abbreviations(lowered), written_in != "Latin")
    script = "Latin" if transcribed_from else written_in
    tokens = _clean_tokens(lowered)
    # Words in the original script line up with tokens when they are as many.
    written = tuple(words) if words is not None and len(words) == len(tokens) else tokens
    keep: list[int] | None = None
    if kind == EntryKind.PERSON and script == "Latin":
        # Titles are Latin words: Arabic عمر reads "mr", a name, not Mister.
        keep = _name_words(tokens)
    elif kind == EntryKind.ORGANISATION:
        keep = [i for i, t in enumerate(tokens) if len(t) == 1 or t not in ORG_STOPWORDS]
    if keep and len(keep) < len(tokens):
        tokens = tuple(tokens[i] for i in keep)
        written = tuple(written[i] for i in keep)
    if kind in (EntryKind.PERSON, EntryKind.UNKNOWN):
        tokens, written = _split_servant_names(tokens, written)
    else:
        tokens, written = _numbers_as_digits(tokens, written)
    folded = tuple(fold_token(t) for t in tokens)
    aligned = words is None or len(written) == len(tokens)
    return NameForm(
        original=original,
        tokens=folded,
        legal_forms=legal,
        vowelless=script in VOWELLESS_SCRIPTS,
        script=script,
        words=written if aligned and written != folded else (),
        transcribed_from=transcribed_from,
    )


# "Abd" (servant of) and the name of God that follows are one name, written Abd al-Rahman,
# Abdul Rahman, Abdel Rahman, Abdurrahman. Each becomes "abd" and the divine name, so
# the part that tells names apart (Rahman, Karim, Hakim) is compared on its own.
_SERVANT = ("abdoul", "abdul", "abdel", "abdal", "abdil", "abdur", "abdus", "abdu", "abd")
_ARTICLES = frozenset({"al", "el", "ul", "il", "ar", "ur", "as", "us", "an", "un", "ad",
                       "ud", "az", "ash", "at", "ath"})  # fmt: skip


def _split_servant_names(
    tokens: tuple[str, ...], written: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "abd" not in "".join(tokens):
        return tokens, written
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in _SERVANT:
            out.append("abd")
            if i < len(tokens) - 1 and tokens[i] in _ARTICLES:
                i += 1  # "Abd al-Rahman": the article goes with abd
            continue
        prefix = next((p for p in _SERVANT if token.startswith(p)), None)
        if prefix and len(token) - len(prefix) >= 2:
            rest = token[len(prefix) :]
            out.extend(("abd", "allah" if rest in _ALLAH else rest))
        else:
            out.append(token)
    return tuple(out), tuple(out)  # original-script words no longer line up


# Abdullah, Abdulla, Abdallah: the remainder after the prefix is Allah.
_ALLAH = frozenset({"la", "lah", "llah", "ullah", "allah", "alla", "lla", "ulla"})


@lru_cache(maxsize=1)
def _number_phrases() -> dict[tuple[str, ...], str]:
    """Latin-script number and ordinal words (first, 1st, forty-four, primero) as digits,
    from rigour's ordinals table. Roman numerals stay: they also are initials."""
    phrases: dict[tuple[str, ...], str] = {}
    for value, forms in ordinals_dict().items():
        for form in forms:
            if text_scripts(form) - {"Latin", "Common"}:
                continue
            tokens = _clean_tokens(ascii_text(form).lower())
            if not tokens or len(tokens) > 3 or any(len(t) < 3 for t in tokens):
                continue
            if all(t.isalpha() and not _ROMAN.fullmatch(t) for t in tokens) or (
                len(tokens) == 1 and _ORDINAL_SUFFIX.fullmatch(tokens[0])
            ):
                phrases[tokens] = str(value)
    return phrases


@lru_cache(maxsize=1)
def _number_first_words() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _number_phrases())


_ROMAN = re.compile(r"[ivxlcdm]+(?:th|st|nd|rd)?")
_ORDINAL_SUFFIX = re.compile(r"\d+(?:st|nd|rd|th|eme|er)")


def _numbers_as_digits(
    tokens: tuple[str, ...], written: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Organisations: "First Bank", "1st Bank"; "Brigade Forty-Four", "Brigade 44"."""
    phrases = _number_phrases()
    if _number_first_words().isdisjoint(tokens):
        return tokens, written
    out: list[str] = []
    out_written: list[str] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2, 1):
            digits = phrases.get(tokens[i : i + n]) if i + n <= len(tokens) else None
            if digits and len(tokens) > n:  # a number alone stays the name
                out.append(digits)
                out_written.append(digits)
                i += n
                break
        else:
            out.append(tokens[i])
            out_written.append(written[i])
            i += 1
    return tuple(out), tuple(out_written)


# Common legal forms, tokenised, mapped to a generic class. Longest phrases first.
_LEGAL_FORMS: dict[tuple[str, ...], str] = {}
for _code, _phrases in {
    "llc": "llc|ltd|limited|limited liability company|ooo|tov|too|gmbh|mbh|sp z o o|sarl|s a r l|"
    "srl|s r l|bv|b v|pte|pty|pty ltd|pvt|pvt ltd|private limited|kft|sro|s r o|doo|d o o|"
    "obshchestvo s ogranichennoi otvetstvennostiu|gesellschaft mit beschrankter haftung|"
    "limited liability partnership|llp|ltda|fze|fzco|fzc|fz llc|fzllc|sdn bhd|bhd|spzoo|"
    "sp zoo|tov|eood|ood|sas|obshchestvo s ogranichennoy otvetstvennostyu",
    "jsc": "jsc|ojsc|cjsc|pjsc|ao|oao|zao|pao|ag|sa|s a|spa|s p a|nv|n v|ab|asa|oyj|"
    "joint stock company|public joint stock company|closed joint stock company|"
    "open joint stock company|aktsionernoe obshchestvo|aktsionernoye obshchestvo|"
    "aktiengesellschaft|societe anonyme|"
    "sociedad anonima|s a s|se|sacv|sa de cv|s a de c v|sociedad anonima de capital variable",
    "corp": "corp|corporation|inc|incorporated|co|company|kompaniya|kompaniia|co ltd|coltd|"
    "company limited|plc|"
    "public limited company|lp|l p|limited partnership|gie|kg|gmbh co kg|ug",
}.items():
    for _p in _phrases.split("|"):
        _LEGAL_FORMS[tuple(_p.split())] = _code


def _legal_form_variants(forms: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    """Spelled-out legal forms as names also write them: "company" as "co" (JOINT STOCK
    CO), and one word of three or more left out (JOINT STOCK, LIMITED LIABILITY, CLOSED
    STOCK COMPANY). A variant two classes would claim (LIMITED COMPANY: llc or corp) is
    left out; so is one that is already a form."""
    claims: dict[tuple[str, ...], set[str]] = {}
    for phrase, code in forms.items():
        spellings = {phrase, tuple("co" if t == "company" else t for t in phrase)}
        for spelled in spellings:
            claims.setdefault(spelled, set()).add(code)
            if len(spelled) >= 3:
                for k in range(len(spelled)):
                    dropped = spelled[:k] + spelled[k + 1 :]
                    if len(dropped) >= 2 and len(dropped[0]) > 1 and len(dropped[-1]) > 1:
                        claims.setdefault(dropped, set()).add(code)
    return {
        phrase: next(iter(codes))
        for phrase, codes in claims.items()
        if phrase not in forms and len(codes) == 1
    }


_LEGAL_FORMS.update(_legal_form_variants(_LEGAL_FORMS))
_LEGAL_MAX = max(len(k) for k in _LEGAL_FORMS)
# The same phrases folded: a name transliterated from another script spells a Latin legal
# form by its sounds (ЛЛК llk, ИНК ink, КОМПАНИ kompani), which folds as the form does.
_FOLDED_LEGAL_FORMS = {tuple(fold_token(t) for t in k): v for k, v in _LEGAL_FORMS.items()}
LEGAL_FORM_CODES = tuple(sorted(set(_LEGAL_FORMS.values()) | {"llc", "jsc", "corp", "lp", "llp"}))


@lru_cache(maxsize=200_000)
def _expand_abbreviations(text: str) -> str:
    """Short forms of company words read as the full word (SHPG shipping, INT'L
    international; ``org_words.ABBREVIATIONS``), so both spellings compare equal."""
    tokens = _clean_tokens(text)
    if len(tokens) < 2 or not any(t in ABBREVIATIONS for t in tokens):
        return text
    return " ".join(ABBREVIATIONS.get(t, t) for t in tokens)


# rigour's generic classes of the legal forms it knows that are business forms.
_RIGOUR_CLASSES = frozenset({"llc", "jsc", "corp", "lp", "llp"})


@lru_cache(maxsize=10_000)
def _rigour_legal_class(compare_form: str) -> str | None:
    """The generic class of one of rigour's compare forms (ag: jsc, gmbh: llc), or None
    where it is no business form."""
    tokens = _clean_tokens(compare_form)
    if tokens in _LEGAL_FORMS:
        return _LEGAL_FORMS[tokens]
    generic = replace_org_types_compare(compare_form, generic=True)
    return generic if generic in _RIGOUR_CLASSES else None


def _native_legal_forms(name: str) -> str:
    """``name`` lower-cased, its legal forms outside the Latin script written as their
    class (llc, jsc, corp), found through rigour's organisation types."""
    lowered = name.lower()
    for matched, compare_form in extract_org_types(lowered):
        if matched.isascii():
            continue
        code = _rigour_legal_class(compare_form)
        if code is not None:
            lowered = lowered.replace(matched, f" {code} ")
    return lowered


@lru_cache(maxsize=200_000)
def _split_legal_forms(text: str, transliterated: bool = False) -> tuple[tuple[str, ...], str]:
    """Take legal forms (LLC, OOO, S.A., GmbH, Societatea cu Raspundere Limitata ...)
    out of a lower-case name: rigour's organisation types first (spelled-out forms
    become their abbreviation), then the table above (folded too, for a name
    ``transliterated`` from another script)."""
    text = " ".join(_clean_tokens(text))
    forms = {}
    for _, compare_form in extract_org_types(text):
        code = _rigour_legal_class(compare_form)
        if code is not None:
            forms[_clean_tokens(compare_form)] = code
    if forms:
        text = replace_org_types_compare(text)
    tokens = _clean_tokens(text)
    kept: list[str] = []
    codes: set[str] = set()
    i = 0
    while i < len(tokens):
        for n in range(min(_LEGAL_MAX, len(tokens) - i), 0, -1):
            code = _LEGAL_FORMS.get(tokens[i : i + n]) or forms.get(tokens[i : i + n])
            if not code and transliterated:
                code = _FOLDED_LEGAL_FORMS.get(tuple(map(fold_token, tokens[i : i + n])))
            # A legal form never is the whole name ("Co", "SA" alone stay a name).
            if code and len(tokens) > n:
                codes.add(code)
                i += n
                break
        else:
            kept.append(tokens[i])
            i += 1
    return tuple(sorted(codes)), " ".join(kept)


def forget_names() -> None:
    """Empty the memo of names and tokens seen (not the loaded tables): for fair timing."""
    for memo in (simplified_han, foreign_readings, fold_token, skeleton, foreign_skeleton,
                 _clean_tokens,
                 _name_forms, _split_legal_forms, _expand_abbreviations,
                 given_name_ids):  # fmt: skip
        memo.cache_clear()
