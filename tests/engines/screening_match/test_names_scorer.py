"""Normalisation across scripts, legal forms, reordering, typos and explanations."""

from __future__ import annotations

from alliance.engines.screening.model import EntryKind
from alliance.engines.screening.names import name_forms
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, score_names


def test_cyrillic_is_transliterated():
    (form,) = name_forms("Владимир Путин", EntryKind.PERSON)
    assert form.tokens == ("vladimir", "putin")
    assert form.script == "Cyrillic"


def test_arabic_is_marked_vowelless_and_matches_by_consonants():
    (form,) = name_forms("محمد علي", EntryKind.PERSON)
    assert form.vowelless
    score, expl = score_names("محمد علي", "Mohamed Ali", "person")
    assert score >= DEFAULT_THRESHOLD
    hows = {p.how for p in expl.pairs}
    assert "consonants" in hows and hows <= {"consonants", "same name"}


def test_han_names_get_chinese_and_japanese_readings():
    readings = {f.tokens for f in name_forms("山田太郎", EntryKind.PERSON)}
    assert ("shan", "tian", "tai", "lang") in readings
    assert score_names("山田太郎", "Yamada Taro", "person")[0] >= DEFAULT_THRESHOLD
    assert score_names("习近平", "Xi Jinping", "person")[0] >= DEFAULT_THRESHOLD


def test_greek_and_hebrew():
    assert score_names("Νικόλαος", "Nikolaos", "person")[0] == 1.0
    assert score_names("דוד", "David", "person")[0] >= DEFAULT_THRESHOLD


def test_titles_are_dropped_for_people():
    (form,) = name_forms("Mr. John Smith", EntryKind.PERSON)
    assert form.tokens == ("john", "smit")  # folded: th -> t
    (form,) = name_forms("Sheikh Abdullah Azzam", EntryKind.PERSON)
    assert "sheikh" not in form.tokens


def test_legal_forms_are_taken_out_and_classed():
    (ooo,) = name_forms("OOO Romashka", EntryKind.ORGANISATION)
    (llc,) = name_forms("Romashka LLC", EntryKind.ORGANISATION)
    assert ooo.tokens == llc.tokens == ("romashka",)
    assert ooo.legal_forms == llc.legal_forms == ("llc",)
    assert score_names("Acme Trading GmbH", "ACME TRADING LIMITED", "organisation")[0] == 1.0
    score, expl = score_names("Acme Trading S.A.", "Acme Trading Ltd", "organisation")
    assert score < 1.0
    assert any(f.name == "legal form" and f.contribution < 0 for f in expl.features)


def test_a_legal_form_alone_stays_a_name():
    (form,) = name_forms("SA", EntryKind.ORGANISATION)
    assert form.tokens == ("sa",)


def test_token_order_does_not_matter():
    assert score_names("Putin Vladimir", "Vladimir Putin", "person")[0] == 1.0
    assert score_names("PETROV, Ivan", "Ivan Petrov", "person")[0] == 1.0


def test_typos_score_high_but_below_exact():
    exact = score_names("Olaf Scholz", "Olaf Scholz", "person")[0]
    typo, expl = score_names("Olaf Scholze", "Olaf Scholz", "person")
    assert DEFAULT_THRESHOLD <= typo < exact
    assert any(
        p.how in ("typo", "vowels differ", "sounds alike") and p.similarity < 1 for p in expl.pairs
    )


def test_different_people_sharing_a_given_name_do_not_match():
    assert score_names("John Smith", "John Brown", "person")[0] < DEFAULT_THRESHOLD
    assert score_names("Octavian Scholz", "Olaf Scholz", "person")[0] < DEFAULT_THRESHOLD


def test_dropped_middle_name_still_matches():
    assert score_names("John Smith", "John William Smith", "person")[0] >= DEFAULT_THRESHOLD


def test_numbers_must_agree_for_organisations():
    score, expl = score_names("Apollo Fund VIII", "Apollo Fund IX", "organisation")
    assert score < DEFAULT_THRESHOLD
    assert any(f.name == "numbers" for f in expl.features)


def test_initials_align_with_given_names():
    score, expl = score_names("J. Smith", "John Smith", "person")
    assert any(p.how == "initial" for p in expl.pairs)
    assert 0.5 < score < 1.0


def test_explanation_names_tokens_and_renders():
    score, expl = score_names("Gedo Hamdan Ahmad", "GEDO HAMDAN AHMED", "person")
    data = expl.to_dict()
    assert data["query_name"] == "Gedo Hamdan Ahmad"
    assert data["matched_name"] == "GEDO HAMDAN AHMED"
    assert data["score"] == round(score, 4)
    assert {(p["query"], p["listed"]) for p in data["pairs"]} >= {("gedo", "gedo")}
    text = expl.to_text()
    assert "gedo ~ gedo" in text and "ahmad ~ ahmed" in text
