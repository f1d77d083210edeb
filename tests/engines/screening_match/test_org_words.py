"""Organisation vocabulary: short forms of company words, legal forms across jurisdictions."""

from __future__ import annotations

import pytest

from alliance.engines.screening.batch import score_pairs
from alliance.engines.screening.names import name_forms
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, score_names

ORG_VARIANTS = [
    ("SARV SHPG COMP LIMITED", "SARV SHIPPING COMPANY LIMITED"),
    ("First Bank Int'l", "First International Bank"),
    ("KOREAN POLISH SHPG CO LTD", "Korean Polish Shipping Company Limited"),
    ("RAHAB INST", "RAHAB INSTITUTE"),
    ("ARYA TECH CTR", "ARYA TECHNOLOGY CENTRE"),
    ("Societatea cu Răspundere Limitată PRO TRAFFIC", "SRL PRO TRAFFIC"),
    ("Siemens Aktiengesellschaft", "Siemens AG"),
    ("Общество с ограниченной ответственностью Ромашка", "Romashka OOO"),
    ("Acme Free Zone Establishment", "ACME FZE"),
    ("MOLDURAS DEL NOROESTE S.A. DE C.V.", "MOLDURAS DEL NOROESTE SA DE CV"),
]


@pytest.mark.parametrize(("query", "listed"), ORG_VARIANTS)
def test_short_and_spelled_out_forms_match(query: str, listed: str) -> None:
    assert score_names(query, listed, "organisation")[0] >= DEFAULT_THRESHOLD
    assert score_names(listed, query, "organisation")[0] >= DEFAULT_THRESHOLD


def test_legal_forms_spelled_out_become_their_class() -> None:
    (form,) = name_forms("Gesellschaft mit beschränkter Haftung Müller", "organisation")
    assert form.tokens == ("muler",)
    assert form.legal_forms == ("llc",)
    (form,) = name_forms("Siemens Aktiengesellschaft", "organisation")
    assert form.legal_forms == ("jsc",)


def test_abbreviations_are_read_for_organisations_only() -> None:
    (person,) = name_forms("Inst Dev", "person")
    assert person.tokens == ("inst", "dev")


def test_batch_scores_equal_single_pair_scores_on_organisation_vocabulary() -> None:
    left = [q for q, _ in ORG_VARIANTS]
    right = [b for _, b in ORG_VARIANTS]
    batch = score_pairs(left, right, ["organisation"] * len(left))
    single = [score_names(a, b, "organisation")[0] for a, b in ORG_VARIANTS]
    assert batch.tolist() == pytest.approx(single, abs=1e-9)
