"""One way to write an amount in each language (core.labels.money, by CLDR through Babel),
on every page, e-mail and PDF: never "250 000,00 USD par an" beside "USD 1 000 000,00"."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.core import labels

NBSP, NNBSP, RLM = "\xa0", "\u202f", "\u200f"
SRC = Path(__file__).resolve().parents[2] / "src" / "alliance"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("en-gb", "2500000", "USD", f"USD{NBSP}2,500,000.00"),
        ("fr", "2500000", "USD", f"2{NNBSP}500{NNBSP}000,00{NBSP}USD"),
        ("es", "2500000", "USD", f"2.500.000,00{NBSP}USD"),
        ("ar", "2500000", "USD", f"{RLM}2,500,000.00{NBSP}USD"),
        ("fr", "12.345", "EUR", f"12,35{NBSP}EUR"),  # rounded half up to the cent
        ("en-gb", "1234.5", "JPY", f"JPY{NBSP}1,235"),  # the currency's own decimals
        ("en-gb", "-25.5", "GBP", f"-GBP{NBSP}25.50"),
        ("fr", None, "USD", "—"),
    ],
)
def test_an_amount_is_written_as_cldr_writes_it_in_each_language(
    language, amount, currency, expected
) -> None:
    with translation.override(language):
        assert labels.money(amount, currency) == expected


def test_whole_amounts_and_bare_amounts_use_the_same_separators() -> None:
    with translation.override("fr"):
        assert labels.money(Decimal("250000.50"), "USD", whole=True) == f"250{NNBSP}001{NBSP}USD"
        assert labels.money(Decimal("250000.50"), "USD", code=False) == f"250{NNBSP}000,50"
        assert labels.money(Decimal("250000"), "USD", code=False, whole=True) == f"250{NNBSP}000"
    with translation.override("ar"):
        assert labels.money(Decimal("1234.5"), "USD", code=False) == "1,234.50"


# A currency code written by hand beside a number, or a number put into words with
# ``floatformat`` next to a currency, is a second way of writing an amount.
_BY_HAND = re.compile(
    r"\{\{ *[\w.]*currency *\}\} *\{\{|"  # {{ pledge.currency }} {{ amount… }}
    r"\{\{ *currency *\}\} *\{\{ *\w+ *\}\}|"  # {% blocktranslate %}{{ currency }} {{ amount }}
    r"currency=[\w.]+ +\w+=[\w.]+\|floatformat|"
    r"\|floatformat:\"[02]g\""  # amounts are grouped through the money filters
)


def test_no_template_writes_an_amount_by_hand() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()[:120]}"
        for path in sorted(SRC.rglob("templates/**/*.*"))
        if path.suffix in {".html", ".txt"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _BY_HAND.search(line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_french_partner_reads_every_amount_one_way(client, login, alice, sam) -> None:  # type: ignore[no-untyped-def]
    from alliance.funding import actions
    from tests.factories import admitted_partnership

    partner = admitted_partnership(alice, sam)
    pledge = actions.pledge_record(
        actor=sam,
        organisation=partner.organisation,
        total=Decimal("1000000"),
        currency="USD",
        rate_to_base=Decimal(1),
        start=date(2026, 1, 10),
        years=2,
        per_year=1,
    )
    client.force_login(alice)
    home = client.get(reverse("web:dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    login(sam)
    page = client.get(
        reverse("funding:pledge", args=[pledge.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    french_amount = rf"\d[\d{NNBSP}]*,\d\d{NBSP}USD"
    for html in (home, page):
        assert re.search(french_amount, html)
        # The code before the number is the English order, not the French one.
        assert not re.search(r"USD[\s\xa0]+\d", html), re.findall(r".{40}USD[\s\xa0]+\d.{20}", html)
    assert f"Annonce de contribution de 1{NNBSP}000{NNBSP}000,00{NBSP}USD" in home
    assert f"1{NNBSP}000{NNBSP}000,00{NBSP}USD sur 2 an(s)" in page
