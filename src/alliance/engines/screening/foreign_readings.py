"""Hangul and Katakana read as transcriptions of foreign names.

Korean and Japanese write a foreign (Russian, Arabic, English ...) name sound by sound
in syllables, after fixed conventions: a consonant with no vowel after it takes a vowel
of its own (Korean ㅡ: 블라디미르 for Vladimir, 스 for s; Japanese u, and o after t and
d: アムジャド for Amjad), Korean writes an l between vowels as ㄹㄹ and an r as ㄹ, v as
ㅂ and f as ㅍ, Japanese has one r for l and r, marks a long vowel with ー and a doubled
consonant with ッ. Plain romanisation keeps every one of those vowels and letters
(beulladimileu, amujado), far from the Latin spelling on the lists.

``foreign_readings`` undoes the conventions: it drops the vowels the script had to
add, writes ㄹㄹ as l, reads each syllable as the letters a Latin list spells the sound
with, and, where the script writes two sounds alike (r and l, b and v, p and f), gives
one reading with each (per word, a handful of readings per name at most). The readings
are extra forms of a Hangul or Katakana name, beside its plain romanisation: names of
other scripts are read as before.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

MAX_WORD_SPELLINGS = 4  # per word
MAX_READINGS = 12  # per name: the words' spellings combined, the fewest changes first

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# Initial consonants of a syllable block (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ).
_INITIALS = ("g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "s", "", "j", "j", "ch", "k",
             "t", "p", "h")  # fmt: skip
_R, _B, _S, _NONE, _J, _CH, _P = 5, 7, 9, 11, 12, 14, 17
# Vowels (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ): ㅓ is the o or the
# unstressed vowel of a foreign word; the y-vowels after ㅅ, ㅈ, ㅊ spell sh, j, ch.
_VOWELS = ("a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "", "ui", "i")  # fmt: skip
_EU, _I = 18, 20
# Final consonants (none, ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ... ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ): foreign words close
# a syllable with k, n, l, m, p, t (written ㅅ) and ng.
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "l", "l", "l", "l", "l", "l", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_L_FINAL = 8


def _syllable(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return None
    return code // 588, (code % 588) // 28, code % 28


# A letter the script writes for two sounds, as one of these classes: the usual reading's
# letter first, the other in a reading of its own.
_LIQUID, _LABIAL, _FRICATIVE, _AFFRICATE, _DENTAL = "l", "v", "f", "ts", "d"
Segment = tuple[str, str, str]  # letters, class ("" none), the class's other letters


def _spellings(segments: list[Segment]) -> list[str]:
    """A word's spellings: the usual one, every class read the other way, and each class
    alone read the other way (``MAX_WORD_SPELLINGS`` at most)."""
    classes = sorted({c for _, c, _ in segments if c})
    chosen: list[frozenset[str]] = [frozenset(), frozenset(classes)]
    chosen += [frozenset((c,)) for c in classes] if len(classes) > 1 else []
    out: list[str] = []
    for flipped in chosen[:MAX_WORD_SPELLINGS]:
        spelled = "".join(other if c in flipped else usual for usual, c, other in segments)
        if spelled and spelled not in out:
            out.append(spelled)
    return out


def _hangul_word(word: str) -> list[str]:
    """Spellings of one Hangul word as a foreign name: the usual reading (r, b, p, ch),
    and readings with l for a word-initial ㄹ, v for ㅂ, f for ㅍ, ts for ㅊ."""
    blocks = [_syllable(ch) for ch in word]
    syllables = [b for b in blocks if b is not None]
    if not syllables or len(syllables) < len(blocks):
        return []
    segments: list[Segment] = []
    for k, (initial, vowel, final) in enumerate(syllables):
        last = k == len(syllables) - 1
        before = syllables[k - 1] if k else None
        consonant: Segment = (_INITIALS[initial], "", "")
        if initial == _R and before is not None and before[2] == _L_FINAL:
            consonant = ("", "", "")  # ㄹㄹ: the l the syllable before closed with
        elif initial == _R and k == 0:
            consonant = ("r", _LIQUID, "l")  # 로메로 Romero, 라브리넨코 Lavrinenko
        elif initial == _B:
            consonant = ("b", _LABIAL, "v")
        elif initial == _P:
            consonant = ("p", _FRICATIVE, "f")
        elif initial == _CH:
            consonant = ("ch", _AFFRICATE, "ts")  # 콜로메이체브 Kolomeitsev
        spelled = _VOWELS[vowel]
        if vowel == _EU:
            # The vowel the script adds to a lone consonant (스 s, 르 r, 블라 vla).
            spelled = "" if initial != _NONE else "u"
        elif spelled.startswith("y") and initial in (_S, _J, _CH):
            consonant = ({_S: "sh", _J: "j", _CH: "ch"}[initial], "", "")
            spelled = spelled[1:]  # 샤 sha, 쥬 ju
        if not final and last:
            if initial in (_CH, _J) and vowel == _I:
                consonant, spelled = (consonant[0], "", ""), ""  # a final ch: 이바노비치
            elif vowel == _EU and initial in (_B, _P):
                consonant = ("v" if initial == _B else "f", "", "")  # -ov: 이바노브, 이바노프
        if initial == _J and vowel == _EU and not final:
            consonant = ("z", "", "")  # 즈 is z (and dz): 로드리게즈 Rodriguez
        segments += [consonant, (spelled + _FINALS[final], "", "")]
    return _spellings(segments)


# Katakana: each kana as (consonant, vowel).
_KANA: dict[str, tuple[str, str]] = {}
for _row, _consonant in (
    ("アイウエオ", ""), ("カキクケコ", "k"), ("ガギグゲゴ", "g"), ("サシスセソ", "s"),
    ("ザジズゼゾ", "z"), ("タチツテト", "t"), ("ダヂヅデド", "d"), ("ナニヌネノ", "n"),
    ("ハヒフヘホ", "h"), ("バビブベボ", "b"), ("パピプペポ", "p"), ("マミムメモ", "m"),
    ("ラリルレロ", "r"), ("ヤ\0ユ\0ヨ", "y"), ("ワヰ\0ヱヲ", "w"),
):  # fmt: skip
    for _kana, _vowel in zip(_row, "aiueo", strict=True):
        if _kana != "\0":
            _KANA[_kana] = (_consonant, _vowel)
_KANA.update({"シ": ("sh", "i"), "ジ": ("j", "i"), "チ": ("ch", "i"), "ツ": ("ts", "u"),
              "ヂ": ("j", "i"), "ヅ": ("z", "u"), "フ": ("f", "u"), "ヲ": ("", "o"),
              "ヴ": ("v", "u"), "ン": ("n", "")})  # fmt: skip
_SMALL_VOWELS = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_LONG, _DOUBLE = "ー", "ッ"
# The vowel Japanese adds after a consonant with none of its own: u (ク, ス, ブ, ル ...),
# o after t and d (ト, ド); a lone ch is チ at a word's end.
_ADDED_U = frozenset({"k", "g", "s", "z", "b", "p", "m", "r", "f", "v", "h", "ts"})
_ADDED_O = frozenset({"t", "d"})


def _kana_word(word: str) -> list[str]:
    """Spellings of one Katakana word as a foreign name: the usual reading (r, ji), and
    readings with l for ラ行, di for ジ and ti for チ, v for a word-initial ウ before a
    consonant."""
    morae: list[list[str]] = []  # [consonant, vowel]
    long_vowel: set[int] = set()
    for ch in word:
        if ch in _KANA:
            morae.append(list(_KANA[ch]))
        elif ch in _SMALL_VOWELS and morae:
            mora = morae[-1]
            small = _SMALL_VOWELS[ch]
            if mora[0] == "" and mora[1] == "u":
                mora[0] = "w"  # ウィ wi, ウォ wo
            elif mora[0] == "" and mora[1] == "i":
                mora[0] = "y"  # イェ ye
            mora[1] = small
        elif ch in _SMALL_Y and morae:
            mora = morae[-1]
            if mora[0] not in ("sh", "ch", "j"):
                mora[0] += "y"  # キャ kya
            mora[1] = _SMALL_Y[ch]
        elif ch in (_LONG, _DOUBLE) and morae:
            # A long vowel or a doubled consonant after it: the vowel is the name's own
            # (プーチン Putin, ブッシュ Bush), and one letter, as lists fold them.
            long_vowel.add(len(morae) - 1)
        else:
            return []
    segments: list[Segment] = []
    for k, (consonant, vowel) in enumerate(morae):
        nxt = morae[k + 1] if k + 1 < len(morae) else None
        kept = k in long_vowel
        lone = nxt is None or (nxt[0] != "" and nxt[0] != "y")
        if consonant == "n" and not vowel and nxt is not None and nxt[0][:1] in ("b", "p", "m"):
            consonant = "m"  # ンブ, ンプ: mb, mp
        if lone and not kept and ((vowel == "u" and consonant in _ADDED_U) or
                     (vowel == "o" and consonant in _ADDED_O) or
                     (vowel == "i" and consonant == "ch" and nxt is None)):  # fmt: skip
            vowel = ""
        if consonant == "r":
            segments.append(("r", _LIQUID, "l"))  # one sound for r and l
        elif consonant == "j" and vowel == "i":
            segments.append(("j", _DENTAL, "d"))  # ジ for di too: ラジオ radio
        elif consonant == "ch" and vowel == "i":
            segments.append(("ch", _DENTAL, "t"))  # チ for ti too: プーチン Putin
        elif consonant == "" and vowel == "u" and k == 0 and lone and not kept:
            segments.append(("u", _LABIAL, "v"))  # ウラジーミル: the v of vl written as u
            continue
        else:
            segments.append((consonant, "", ""))
        segments.append((vowel, "", ""))
    return _spellings(segments)


_WORD = re.compile(r"[\uac00-\ud7a3\u30a1-\u30fa\u30fc]+")
_SEPARATORS = re.compile(r"[\s\-\u30fb\u30a0\uff1d=\u00b7]+")


@lru_cache(maxsize=10_000)
def foreign_readings(name: str, script: str) -> tuple[str, ...]:
    """ASCII readings of a Hangul or Katakana ``name`` as a transcribed foreign name, words
    apart as written (spaces, hyphens, ・ and ＝ split them); () for any other script,
    or where a word is not all of that script."""
    read = {"Hangul": _hangul_word, "Katakana": _kana_word}.get(script)
    if read is None:
        return ()
    words = [w for w in _SEPARATORS.split(name.strip()) if w]
    if not words or not all(_WORD.fullmatch(w) for w in words):
        return ()
    spellings = [read(w) for w in words]
    if not all(spellings):
        return ()
    # The usual reading, every word read the other way, then the combinations with the
    # fewest words read other than the usual way.
    flipped = tuple(min(1, len(s) - 1) for s in spellings)
    combined = sorted(itertools.product(*(range(len(s)) for s in spellings)),
                      key=lambda picks: (0.5 if picks == flipped else sum(p > 0 for p in picks),
                                         picks))  # fmt: skip
    return tuple(" ".join(spellings[i][p] for i, p in enumerate(picks))
                 for picks in combined[:MAX_READINGS])  # fmt: skip
