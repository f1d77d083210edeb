"""Funding pages: who sees what, the dashboard plots, exports and the applicant's panel."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook

from alliance.core import uploads
from alliance.funding import actions
from alliance.funding.models import Receipt, TierScheduleVersion
from tests.factories import draft_application, submitted_application
from tests.funding.board import adopt_by_motion

pytestmark = pytest.mark.django_db
D = Decimal


def _svg(html: str, chart_id: str) -> str:
    match = re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no {chart_id} in page"
    return match.group(0)


@pytest.fixture
def funded(sam, partner):  # type: ignore[no-untyped-def]
    actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", D("500000"))])
    return actions.pledge_record(
        actor=sam,
        organisation=partner.organisation,
        total=D("90000"),
        currency="GBP",
        rate_to_base=D("1.27"),
        start=date(2026, 1, 1),
        years=3,
        per_year=1,
    )


def test_the_motivation_step_shows_the_recommendation_and_the_offer(client, login, alice) -> None:  # type: ignore[no-untyped-def]
    application = draft_application(alice)
    login(alice)
    url = reverse("web:apply_step", args=[application.pk, "motivation"])
    page = client.get(url).content.decode()
    assert 'id="recommended-tier">Supporter<' in page
    assert "USD 750.00" in page and "Base for size US$1M–10M" in page
    response = client.post(
        url,
        {
            "humanitarian_motivation": "Aid",
            "brings_expertise": "Camps",
            "aml_cft_certified": "on",
            "contribution_kind": "financial",
            "contribution_amount": "12000",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="your-choice">You offer <strong>USD\u00a012,000.00</strong>' in page
    assert "tier <strong>Partner</strong>" in page


def test_the_secretariat_confirms_from_the_application(client, login, alice, sam) -> None:  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    login(alice)
    assert (
        "Confirm this tier"
        not in client.get(reverse("web:application_detail", args=[application.pk])).content.decode()
    )
    login(sam)
    page = client.get(reverse("web:application_detail", args=[application.pk])).content.decode()
    assert "Confirm this tier" in page
    client.post(reverse("funding:tier_confirm", args=[application.pk]))
    page = client.get(reverse("web:application_detail", args=[application.pk])).content.decode()
    assert 'id="tier-confirmed"' in page


def test_the_dashboard_is_for_staff_and_the_board(client, login, alice, ben, sam, funded) -> None:  # type: ignore[no-untyped-def]
    url = reverse("funding:dashboard")
    login(alice)
    assert client.get(url).status_code == 403
    login(ben)
    assert client.get(url).status_code == 200
    login(sam)
    page = client.get(url).content.decode()
    for chart in ("chart-funding-vs-budget", "chart-by-tier", "chart-pipeline"):
        svg = _svg(page, chart)
        assert "style=" not in svg and "<script" not in svg


def test_the_board_is_not_linked_to_pledge_pages_it_cannot_open(
    client, login, ben, sam, funded
) -> None:  # type: ignore[no-untyped-def]
    """Walk 3: the Board saw every pledge and receipt on the dashboard as a link to the
    pledge page, which answers the Board 403. The names stay; the links are the
    secretariat's, who can open them."""
    actions.receipt_record(
        actor=sam, pledge=funded, amount=D("30000"), received_on=date(2026, 2, 1),
        reference="R-1", rate_to_base=D("1.27"),
    )  # fmt: skip
    url = reverse("funding:dashboard")
    pledge_url = reverse("funding:pledge", args=[funded.pk])
    login(ben)
    page = client.get(url).content.decode()
    assert funded.organisation.legal_name in page
    assert client.get(pledge_url).status_code == 403
    assert f'href="{pledge_url}"' not in page
    login(sam)
    assert f'href="{pledge_url}"' in client.get(url).content.decode()
    assert client.get(pledge_url).status_code == 200


def test_a_receipt_changes_the_dashboard_plot(
    client, login, sam, funded, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    login(sam)
    url = reverse("funding:dashboard")
    with django_assert_max_num_queries(40):
        before = _svg(client.get(url).content.decode(), "chart-funding-vs-budget")
    response = client.post(
        reverse("funding:pledge", args=[funded.pk]),
        {
            "reference": "BACS-1",
            "amount": "35000.00",
            "received_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    assert Receipt.objects.get().amount == D("35000.00")
    after = _svg(client.get(url).content.decode(), "chart-funding-vs-budget")
    assert before != after and "Received (cash): USD\u00a044,450.00" in after
    page = client.get(reverse("funding:pledge", args=[funded.pk])).content.decode()
    # 35,000 pays the first 30,000 instalment and 5,000 of the second.
    assert "Partly paid" in page and 'id="pledge-overpaid"' not in page


def test_exports_csv_and_xlsx(client, login, sam, funded) -> None:  # type: ignore[no-untyped-def]
    login(sam)
    csv_text = client.get(reverse("funding:export_csv", args=["years"])).content.decode()
    assert csv_text.splitlines()[0].startswith("year,budget_usd,pledged_usd")
    assert "2026,500000.00,38100.00,0.00,0.00,461900.00" in csv_text
    response = client.get(reverse("funding:export_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["years", "tiers", "types", "pledges", "receipts", "in_kind"]
    assert workbook["pledges"]["C2"].value == "GBP"


def test_the_public_page_shows_totals_not_individual_amounts(
    client, login, sam, carla, ada, funded
) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("funding:public")).content.decode()
    assert 'id="public-by-tier"' in page and 'id="public-by-type"' in page
    assert 'id="public-by-partner"' not in page
    version = TierScheduleVersion.objects.get(number=1)
    schedule = actions.selectors.schedule_of(version)
    adopt_by_motion(
        ada,
        carla,
        schedule,
        effective_from=date(2020, 1, 1),
        today=date(2020, 1, 1),
        schedule_publish_amounts=True,
    )
    page = client.get(reverse("funding:public")).content.decode()
    assert 'id="public-by-partner"' in page and "Amani Aid" in page


def test_the_public_schedule_page(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("governance:tier_schedule")).content.decode()
    assert "Strategic partner" in page and "Founding partners" in page


def test_forms_for_pledges_in_kind_and_budget(client, login, sam, partner) -> None:  # type: ignore[no-untyped-def]
    login(sam)
    response = client.post(
        reverse("funding:pledge_new"),
        {
            "organisation": partner.organisation.pk,
            "total": "1000000",
            "currency": "EUR",
            "rate_to_base": "1.08",
            "start": "2026-03-01",
            "years": "3",
            "per_year": "1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("funding:budget", args=[2027]),
        {"lines": "Secretariat: 800,000\nEvents: 200000.50", "note": ""},
    )
    assert response.status_code == 302
    page = client.get(reverse("funding:budget", args=[2027])).content.decode()
    assert "Events: 200000.50" in page
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
            "evidence": io.BytesIO(b"not a pdf"),
        },
    )
    assert response.status_code == 200 and str(uploads.ERR_BAD_TYPE) in response.content.decode()


def test_the_public_api(client, sam, funded) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/funding/totals").json()
    assert body["currency"] == "USD"
    assert body["by_year"]["2026"]["pledged"] == "38100.00"
    assert "Amani Aid" not in str(body)
    schedule = client.get("/api/funding/schedule").json()
    assert schedule["number"] == 1 and schedule["schedule"]["version"] == "2026-1"


def test_the_organisation_page_shows_tier_periods_and_renewal(
    client, login, alice, sam, funded
) -> None:  # type: ignore[no-untyped-def]
    organisation = funded.organisation
    url = reverse("web:organisation_detail", args=[organisation.pk])
    login(alice)
    page = client.get(url).content.decode()
    assert 'id="tier-periods"' in page and "Renew for the next period" not in page
    login(sam)
    page = client.get(url).content.decode()
    assert "Renew for the next period" in page and "GBP\u00a090,000.00" in page
    partnership = organisation.partnership
    response = client.post(reverse("web:partnership_renew", args=[partnership.pk]))
    assert response.status_code == 302
    assert partnership.tier_assignments.count() == 2
    assert "Funding 20" in client.get(reverse("web:dashboard")).content.decode()


def test_the_dashboard_query_count_does_not_grow_with_pledges(client, login, sam, funded) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(sam)
    url = reverse("funding:dashboard")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        pledge = actions.pledge_record(
            actor=sam,
            organisation=funded.organisation,
            total=D("1000"),
            currency="USD",
            rate_to_base=D(1),
            start=date(2026, 2, 1),
            years=2,
            per_year=2,
        )
        actions.receipt_record(
            actor=sam,
            pledge=pledge,
            reference=f"R{number}",
            amount=D("100"),
            received_on=date(2026, 2, 2),
        )
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


def test_in_kind_evidence_is_for_the_partner_and_the_secretariat(
    client, login, alice, bob, sam, ben, partner
) -> None:  # type: ignore[no-untyped-def]
    """FILE_VIEW in core.permissions: the contributing partner's people and the secretariat
    open the file; the Board sees the figures on the dashboard, not the file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.funding.views import ERR_EVIDENCE_NOT_YOURS

    pdf = b"%PDF-1.4\n1 0 obj<< /Title (delivery) >>endobj\ntrailer<<>>\n%%EOF\n"
    item = actions.in_kind_record(
        actor=sam, organisation=partner.organisation, category="technology",
        description="Hosting", declared_value=D("500"), delivered_on=date(2026, 3, 1),
        evidence=SimpleUploadedFile("note.pdf", pdf, content_type="application/pdf"),
    )  # fmt: skip
    url = reverse("funding:in_kind_evidence", args=[item.pk])
    for user in (alice, sam):
        login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
        assert "no-store" in response["Cache-Control"]
    for user in (ben, bob):
        login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert str(ERR_EVIDENCE_NOT_YOURS) in response.content.decode()
    login(ben)
    dashboard = client.get(reverse("funding:dashboard")).content.decode()
    assert "Hosting" in dashboard and url not in dashboard
    login(sam)
    assert url in client.get(reverse("funding:dashboard")).content.decode()
    login(alice)
    page = client.get(reverse("web:organisation_detail", args=[partner.organisation.pk]))
    assert url in page.content.decode()


def test_the_renewal_reasoning_reads_in_french_on_the_organisation_page(
    client, login, sam, funded
) -> None:  # type: ignore[no-untyped-def]
    organisation = funded.organisation
    partnership = organisation.partnership
    renewal = actions.partnership_renew(actor=sam, partnership=partnership)
    english = next(s for s in renewal.reasoning if s.startswith("Renewal from "))
    number = renewal.schedule_version.number
    assert english == f"Renewal from {renewal.period_start}: re-checked under schedule v{number}."
    sam.language = "fr"
    sam.save(update_fields=["language"])
    login(sam)
    page = client.get(reverse("web:organisation_detail", args=[organisation.pk])).content.decode()
    with translation.override("fr"):
        start = formats.date_format(renewal.period_start, "DATE_FORMAT")
    assert f"Renouvellement à partir du {start} : revérifié selon le barème v{number}." in page
    assert "Renewal from" not in page
