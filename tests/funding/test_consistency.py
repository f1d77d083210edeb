"""Funding consistency: the exports hold the dashboard's figures, every one; the runway
counts from today; pledges are amended or cancelled with a reason and keep their history."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from alliance.core.errors import ActionError
from alliance.funding import actions, selectors
from alliance.funding.models import PledgeStatus

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = date(2026, 12, 2)


@pytest.fixture
def books(sam, partner):  # type: ignore[no-untyped-def]
    """Budgets for 2026 and 2027 (none for 2028), pledges in two currencies, a receipt on
    each, one cancelled pledge that had received money, and a gift in kind."""
    actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", D("500000"))])
    actions.budget_set(actor=sam, year=2027, lines=[("Secretariat", D("600000.40"))])
    org = partner.organisation
    gbp = actions.pledge_record(
        actor=sam, organisation=org, total=D("90000"), currency="GBP",
        rate_to_base=D("1.27"), start=date(2026, 1, 1), years=3, per_year=1,
    )  # fmt: skip
    usd = actions.pledge_record(
        actor=sam, organisation=org, total=D("1000.01"), currency="USD",
        rate_to_base=D(1), start=date(2026, 3, 1), years=2, per_year=2,
    )  # fmt: skip
    gone = actions.pledge_record(
        actor=sam, organisation=org, total=D("5000"), currency="EUR",
        rate_to_base=D("1.08"), start=date(2026, 2, 1), years=1, per_year=1,
    )  # fmt: skip
    actions.receipt_record(
        actor=sam, pledge=gbp, reference="BANK-1", amount=D("30000"), received_on=date(2026, 1, 20)
    )
    actions.receipt_record(
        actor=sam, pledge=usd, reference="BANK-2", amount=D("250.00"), received_on=date(2026, 3, 3)
    )
    actions.receipt_record(
        actor=sam, pledge=gone, reference="BANK-3", amount=D("1000"), received_on=date(2026, 2, 9),
        rate_to_base=D("1.1"),
    )  # fmt: skip
    actions.pledge_cancel(actor=sam, pledge=gone, reason="The partner's budget was cut.")
    actions.in_kind_record(
        actor=sam, organisation=org, category="expertise", description="Legal review",
        declared_value=D("12000"), delivered_on=date(2026, 5, 1), hours=D("80"),
    )  # fmt: skip
    return {"gbp": gbp, "usd": usd, "gone": gone}


CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def _table(html: str, table_id: str) -> list[list[str]]:
    match = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, table_id
    rows = []
    for row in ROW.findall(match.group(1)):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in CELL.findall(row)]
        rows.append(cells)
    return rows


def _money(value: object) -> str:
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)):,.2f}"


def _csv(client, name: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = client.get(reverse("funding:export_csv", args=[name])).content.decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_every_dashboard_figure_is_in_the_exports(client, login, sam, books):
    login(sam)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(reverse("funding:dashboard")).content.decode()
        years = _csv(client, "years")
        tiers, types = _csv(client, "tiers"), _csv(client, "types")
        receipts, in_kind = _csv(client, "receipts"), _csv(client, "in_kind")
        workbook = load_workbook(io.BytesIO(client.get(reverse("funding:export_xlsx")).content))

    # By year: budget, pledged, received, in kind and gap; "no budget" is an empty cell.
    shown = _table(html, "by-year")
    assert [row[0] for row in shown] == [row["year"] for row in years] == ["2026", "2027", "2028"]
    for cells, row in zip(shown, years, strict=True):
        exported = [
            _money(row[k]) for k in ("budget_usd", "pledged_usd", "received_usd", "in_kind_usd")
        ]
        assert cells[1:5] == [e or "0.00" for e in exported]
        assert cells[5] == ("no budget" if not row["budget_usd"] else _money(row["gap_usd"]))
    assert years[2]["gap_usd"] == ""  # 2028: no budget, no negative "gap"

    for table_id, rows, key in (
        ("by-tier", tiers, "tier"),
        ("by-type", types, "organisation_type"),
    ):
        shown = _table(html, table_id)
        assert [c[0] for c in shown] == [r[key] for r in rows]
        for cells, row in zip(shown, rows, strict=True):
            assert cells[1:] == [
                _money(row[k]) for k in ("pledged_usd", "received_usd", "in_kind_usd")
            ]

    shown = _table(html, "receipts")
    assert len(shown) == len(receipts) == 3
    for cells, row in zip(shown, receipts, strict=True):
        assert cells[1] == row["reference"]
        assert cells[3] == f"{row['currency']}\u00a0{_money(row['amount'])}"
        assert cells[4] == _money(row["amount_usd"])

    shown = _table(html, "in-kind")
    assert len(shown) == len(in_kind) == 1
    assert shown[0][3] == f"USD\u00a0{_money(in_kind[0]['declared_value'])}"

    # The cancelled pledge's receipt still counts as received, on both.
    assert any(r["pledge_status"] == "Cancelled" for r in receipts)
    received_2026 = D(years[0]["received_usd"])
    assert received_2026 == D("30000") * D("1.27") + D("250.00") + D("1000") * D("1.1")
    # The workbook holds the same rows as the CSVs.
    assert workbook.sheetnames == ["years", "tiers", "types", "pledges", "receipts", "in_kind"]
    assert [c.value for c in workbook["receipts"]["B"][1:]] == [r["reference"] for r in receipts]
    assert workbook["years"]["F4"].value is None


def test_the_runway_counts_from_today(client, login, sam, books):
    login(sam)
    with time_machine.travel(TODAY, tick=False):
        report = selectors.funding_report(TODAY)
        html = client.get(reverse("funding:dashboard")).content.decode()
    runway = report.runway_received
    assert runway is not None
    # Dec 2026 onwards: 2026's burn for December, then 2027's, from the cash received.
    assert runway.runs_out is None or runway.runs_out >= date(2026, 12, 1)
    assert "Counted from this month (December 2026)" in html
    assert "Jul 2026" not in html.split('id="runway-title"')[1].split("</section>")[0]


def test_a_pledge_is_amended_and_cancelled_with_a_reason_and_keeps_its_history(
    client, login, sam, books
):
    pledge = books["usd"]
    with pytest.raises(ActionError) as refused:
        actions.pledge_amend(
            actor=sam, pledge=pledge, reason=" ", total=D("2000"), rate_to_base=D(1),
            start=pledge.start, years=2, per_year=2,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_PLEDGE_REASON
    with pytest.raises(ActionError) as refused:
        actions.pledge_amend(
            actor=sam, pledge=pledge, reason="Typo", total=D("100"), rate_to_base=D(1),
            start=pledge.start, years=2, per_year=2,
        )  # fmt: skip
    assert refused.value.message == actions.ERR_PLEDGE_BELOW_RECEIVED.format(
        received="USD\u00a0250.00"
    )
    login(sam)
    url = reverse("funding:pledge_amend", args=[pledge.pk])
    response = client.post(
        url,
        {"total": "2000.00", "rate_to_base": "1", "start": "2026-03-01", "years": "2",
         "per_year": "2", "note": "", "reason": "The partner doubled its pledge."},
    )  # fmt: skip
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.total == D("2000.00")
    assert sum(i.amount for i in pledge.instalments.all()) == D("2000.00")
    response = client.post(
        reverse("funding:pledge_cancel", args=[pledge.pk]), {"reason": "Programme closed."}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CANCELLED
    page = client.get(reverse("funding:pledge", args=[pledge.pk])).content.decode()
    history = page.split('id="pledge-history"')[1].split("</ol>")[0]
    assert "recorded the pledge" in history
    assert "amended total from 1000.01 to 2000.00" in history
    assert "The partner doubled its pledge." in history
    assert "cancelled the pledge" in history and "Programme closed." in history
    assert 'id="amend-form"' not in page
    with pytest.raises(ActionError) as refused:
        actions.pledge_cancel(actor=sam, pledge=pledge, reason="Again")
    assert refused.value.message == actions.ERR_PLEDGE_CANCELLED
