"""Hangul and Katakana read as transcriptions of foreign names (foreign_readings).

The renderings are the forms Korean and Japanese press write for listed people's
names, checked by hand against the transcription rules (외래어 표기법; gairaigo)."""

from __future__ import annotations

import pytest

from alliance.engines.screening.batch import score_pairs
from alliance.engines.screening.foreign_readings import MAX_READINGS, foreign_readings
from alliance.engines.screening.names import name_forms
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, score_names

# Listed Russian, Arabic and Persian names with their Korean and Japanese renderings.
RENDERINGS = [
    ("블라디미르 푸틴", "Vladimir Putin"),
    ("ウラジーミル・プーチン", "Vladimir Putin"),
    ("세르게이 라브로프", "Sergey Lavrov"),
    ("セルゲイ・ラブロフ", "Sergey Lavrov"),
    ("알렉산드르 루카셴코", "Alexander Lukashenko"),
    ("アレクサンドル・ルカシェンコ", "Aleksandr Lukashenko"),
    ("바샤르 알아사드", "Bashar al-Assad"),
    ("バッシャール・アル＝アサド", "Bashar al-Assad"),
    ("이고리 세친", "Igor Sechin"),
    ("イーゴリ・セーチン", "Igor Sechin"),
    ("아이만 알자와히리", "Ayman al-Zawahiri"),
    ("로만 아브라모비치", "Roman Abramovich"),
    ("ロマン・アブラモヴィッチ", "Roman Abramovich"),
    ("예브게니 프리고진", "Yevgeny Prigozhin"),
    ("エフゲニー・プリゴジン", "Yevgeny Prigozhin"),
    ("올레크 데리파스카", "Oleg Deripaska"),
    ("オレグ・デリパスカ", "Oleg Deripaska"),
    ("무아마르 카다피", "Muammar Gaddafi"),
    ("알리 하메네이", "Ali Khamenei"),
    ("アリー・ハーメネイー", "Ali Khamenei"),
]


def test_korean_drops_the_vowel_it_adds_and_reads_doubled_l_as_one():
    # 블 and 르: ㅡ after a lone consonant; 블라: the l of vl written ㄹㄹ; ㅂ also v.
    assert "vladimir putin" in foreign_readings("블라디미르 푸틴", "Hangul")
    # 크스 is x; a final 비치 is -vich; a final 브 is -v.
    assert foreign_readings("알렉시스", "Hangul")[0] == "aleksis"
    assert foreign_readings("아브라모비치", "Hangul")[0] == "abramobich"
    assert foreign_readings("이바노브", "Hangul")[0] == "ibanov"
    assert "lavrof" in foreign_readings("라브로프", "Hangul")  # a final 프 is f (or v)


def test_japanese_drops_added_vowels_long_marks_and_doubling():
    # ド at a word's end is d, ム before a consonant is m, ッ and ー add no letter (the
    # lists' spellings fold a doubled letter to one).
    assert foreign_readings("アムジャド・アッバス", "Katakana")[0] == "amjad abas"
    # チ is ti in プーチン, ジ is di in ウラジーミル; ラ行 reads l as well as r.
    readings = foreign_readings("ウラジーミル・プーチン", "Katakana")
    assert "putin" in {r.split()[1] for r in readings}
    assert any(r.startswith("vladimi") for r in readings)


def test_readings_are_capped_and_other_scripts_get_none():
    readings = foreign_readings("알레크세이 포도로비치 라브리넨코 바실리예프", "Hangul")
    assert len(readings) == MAX_READINGS
    # The usual reading first, then every word read the other way (Lavrinenko, Vasiliev).
    assert readings[:2] == ("aleksei podorobich rabrinenko basiliyef",
                            "aleksei fodorovich lavrinenko vasiliyef")  # fmt: skip
    assert foreign_readings("Владимир Путин", "Cyrillic") == ()
    assert foreign_readings("블라디미르 Putin", "Hangul") == ()  # a word in another script
    assert foreign_readings("山田タロウ", "Katakana") == ()  # Japanese with Han: no transcription


@pytest.mark.parametrize(("query", "listed"), RENDERINGS)
def test_a_listed_persons_korean_or_japanese_rendering_alerts(query, listed):
    score, _ = score_names(query, listed, "person")
    assert score >= DEFAULT_THRESHOLD
    # The batch scorer reads the same forms and scores them alike.
    assert score_pairs([query], [listed], ["person"])[0] == pytest.approx(score)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("블라디미르 푸틴", "Vladimir Potanin"),
        ("세르게이 라브로프", "Sergei Ivanov"),
        ("ウラジーミル・プーチン", "Vladimir Pugachev"),
        ("セルゲイ・ラブロフ", "Sergey Lebedev"),
        ("알리 하메네이", "Ali Hamadi"),
        ("オレグ・デリパスカ", "Oleg Derkach"),
    ],
)
def test_a_rendering_does_not_alert_on_another_person_with_the_same_given_name(query, listed):
    assert score_names(query, listed, "person")[0] < DEFAULT_THRESHOLD


def test_a_korean_name_keeps_its_syllable_reading():
    forms = name_forms("김정은", "person")
    assert forms[0].tokens == ("gim", "jong", "un")
    assert score_names("김정은", "Kim Jong Un", "person")[0] >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("query", "latin"), [("블라디미르 푸틴", "Vladimir Putin"),
                                              ("세르게이 라브로프", "Sergey Lavrov")])  # fmt: skip
@pytest.mark.parametrize("listed", ["Vladimir Pupin", "Vladimir Putkin", "Sergei Lavrin"])
def test_a_foreign_reading_compares_as_the_latin_spelling_it_reads_back(query, latin, listed):
    # The reading is Latin letters: a letter that differs from a Latin name costs a typo,
    # as between two Latin names, not the cheaper spread between two scripts' spellings.
    readings = [f for f in name_forms(query, "person") if f.transcribed_from == "Hangul"]
    assert readings and all(f.script == "Latin" for f in readings)
    assert name_forms(query, "person")[0].script == "Hangul"  # the syllable reading
    assert score_names(query, listed, "person")[0] <= score_names(latin, listed, "person")[0]
