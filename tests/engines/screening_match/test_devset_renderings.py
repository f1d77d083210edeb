"""The development set's renderings of a listed person's name in other scripts are written
as those languages transcribe foreign names (benchmarks/screening_devset.py), not letter
by letter: the one-person-in-many-scripts category measures real-world forms."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))

from screening_devset import render


def test_korean_writes_syllables_by_the_foreign_word_rules():
    # A consonant with no vowel takes ㅡ (블, 르), l before a vowel doubles (알리), final
    # n and ng close a syllable (킴, 종).
    assert render("vladimir putin", "Hangul") == "블라디미르 푸틴"
    assert render("reza ali", "Hangul") == "레자 알리"
    assert render("kim jong un", "Hangul") == "킴 종 운"


def test_japanese_writes_katakana_words_apart_with_a_middle_dot():
    assert render("vladimir putin", "Katakana") == "ヴラディミル・プティン"
    assert render("ali ahmad", "Katakana") == "アリ・アフマド"
    assert render("gholamali haddad-adel", "Katakana") == "ゴラマリ・ハッダド＝アデル"


def test_indic_scripts_write_no_virama_on_a_names_last_consonant():
    assert render("vladimir putin", "Devanagari") == "व्लदिमिर पुतिन"
    assert render("reza ali", "Devanagari") == "रेज़ा अली"  # long final vowels, Hindi e
    assert render("vladimir putin", "Tamil").endswith("புதின்")  # final n as ன்
