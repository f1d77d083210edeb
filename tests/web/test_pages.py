"""Pages render, filter, and stay within a pinned number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.core.forms import ERR_COUNTRY
from alliance.organisations.models import Application
from tests.factories import admitted_partnership, make_user

pytestmark = pytest.mark.django_db


def _partners(count, staff):
    for n in range(count):
        admitted_partnership(make_user(f"p{n}@example.org"), staff, legal_name=f"Partner {n:02}")


def test_register_lists_partners_with_pinned_queries(client, sam, django_assert_max_num_queries):
    _partners(12, sam)
    with django_assert_max_num_queries(3):
        response = client.get("/register/partners/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Partner 00" in body and "Partner 11" in body
    assert "An open-source wallet" in body  # the commercial stance is public


def test_register_partner_filters(client, sam):
    _partners(3, sam)
    body = client.get("/register/partners/?q=Partner 01").content.decode()
    assert "Partner 01" in body and "Partner 02" not in body
    assert "No partners match" in client.get("/register/partners/?country=ZZ&q=x").content.decode()


def test_home_page_counts_with_pinned_queries(client, sam, django_assert_max_num_queries):
    _partners(5, sam)
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.context["partner_count"] == 5


def test_security_headers_present(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_application_wizard_keeps_a_draft_and_reports_field_errors(client, alice):
    client.force_login(alice)
    response = client.post(
        "/apply/",
        {
            "legal_name": "Amani Aid",
            "type": "ngo",
            "registration_country": "Atlantis",
            "revenue_band": "1m_10m",
            "staff_band": "11_50",
            "income_group": "lower_middle",
        },
    )
    assert response.status_code == 200
    assert str(ERR_COUNTRY) in response.content.decode()
    assert not Application.objects.exists()  # nothing half-saved on error
    response = client.post(
        "/apply/",
        {
            "legal_name": "Amani Aid",
            "type": "ngo",
            "registration_country": "KE",
            "revenue_band": "1m_10m",
            "staff_band": "11_50",
            "income_group": "lower_middle",
        },
    )
    application = Application.objects.get()
    assert response["Location"] == f"/apply/{application.pk}/people/"
    assert application.organisation.registration_country == "KE"
    # Returning later resumes the draft.
    assert client.get("/apply/")["Location"] == f"/apply/{application.pk}/organisation/"


def test_api_register_and_openapi_schema(client, sam):
    _partners(2, sam)
    rows = client.get("/api/register/partners").json()
    assert [r["organisation"] for r in rows] == ["Partner 00", "Partner 01"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/register/partners" in schema["paths"]


def test_partner_dashboard_with_pinned_queries(client, sam, django_assert_max_num_queries):
    """A partner contact's dashboard (benchmarks/pages.py --load measures this page)."""
    partner = make_user("contact@example.org")
    admitted_partnership(partner, sam, legal_name="Partner Dash")
    client.force_login(partner)
    client.get("/dashboard/")  # first request: session and notice prompt settle
    # 17 since the partner banner and the next step read the partnership and its notices;
    # 18 since the home offers the organisation's current partnership credential;
    # 21 since its partner section reads the partnership's tier and period, its pledges,
    # the person's groups and the secretariat's open questions (web.home);
    # 19 since the header's context (banners included) is computed once per request;
    # 20 since the tier's name is shown in the reader's language (the schedule version's
    # translations).
    with django_assert_max_num_queries(20):
        response = client.get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Partner Dash" in page and "Partnership credential of Partner Dash" in page


def test_partner_home_names_the_credentials_tier_in_french(client, sam):  # type: ignore[no-untyped-def]
    """The credential panel's tier reads as the partnership panel beside it does: web.home
    passes the tier words in (credentials, below funding, cannot translate a tier)."""
    from alliance.credentials.models import IssuedCredential
    from alliance.funding.selectors import current_assignment, tier_label

    partner = make_user("contact@example.org")
    partnership = admitted_partnership(partner, sam, legal_name="Partner Dash")
    credential = IssuedCredential.objects.get(
        organisation=partnership.organisation, kind="partnership"
    )
    assignment = current_assignment(partnership)
    assert credential.tier and assignment is not None
    version = assignment.schedule_version
    code = next(t["code"] for t in version.schedule["tiers"] if t["name"] == credential.tier)
    version.translations = {"fr": {f"{code}.name": "Partenaire associé"}}
    version.save(update_fields=["translations"])
    partner.language = "fr"
    partner.save(update_fields=["language"])
    client.force_login(partner)
    page = client.get("/dashboard/").content.decode()
    with translation.override("fr"):
        assert tier_label(credential.tier, version) == "Partenaire associé"
    panel = page[page.index('class="card credential-panel"') :]
    assert "<dt>Catégorie de contribution</dt><dd>Partenaire associé</dd>" in panel
    assert f"<dd>{credential.tier}</dd>" not in panel


def test_a_latin_name_keeps_its_full_stop_on_an_arabic_organisation_page(client, sam):  # type: ignore[no-untyped-def]
    """A Latin name ending in punctuation reads in its own direction on a right-to-left
    page: the data element holding it (translate="no") carries dir="auto"."""
    from tests.factories import sign_in

    partner = make_user("contact@example.org")
    organisation = admitted_partnership(
        partner, sam, legal_name="Orbis Identity Labs Inc."
    ).organisation
    partner.language = "ar"
    partner.save(update_fields=["language"])
    sign_in(client, partner)
    page = client.get(reverse("web:organisation_detail", args=[organisation.pk])).content.decode()
    assert 'dir="rtl"' in page
    assert '<h1><span translate="no" dir="auto">Orbis Identity Labs Inc.</span>' in page
