"""The organisation page and the intake queue name countries (registration, an
officer's nationality) in the reader's language, not by their ISO codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.organisations.models import OrganisationPerson
from tests.factories import sign_in, submitted_application

pytestmark = pytest.mark.django_db


def test_officers_nationality_is_named_in_the_readers_language(client, alice, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    OrganisationPerson.objects.create(
        organisation=application.organisation,
        name="Grace Achieng",
        role="officer",
        nationality="KE",
    )
    sign_in(client, sam)
    url = reverse("web:organisation_detail", args=[application.organisation_id])
    assert "<td>Kenya</td>" in client.get(url).content.decode()
    sam.language = "fr"
    sam.save(update_fields=["language"])
    page = client.get(url).content.decode()
    assert "<td>Kenya</td>" in page and "<td>KE</td>" not in page
    sam.language = "ar"
    sam.save(update_fields=["language"])
    assert "<td>كينيا</td>" in client.get(url).content.decode()


def test_registration_country_is_named_on_the_organisation_page_and_in_intake(client, alice, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    sam.language = "ar"
    sam.save(update_fields=["language"])
    sign_in(client, sam)
    url = reverse("web:organisation_detail", args=[application.organisation_id])
    assert "<dd>كينيا " in client.get(url).content.decode()
    intake = client.get(reverse("web:intake")).content.decode()
    assert "<td>كينيا</td>" in intake and "<td>KE</td>" not in intake


def test_the_home_page_names_a_new_partners_country(client, alice, sam, settings):  # type: ignore[no-untyped-def]
    from tests.factories import admitted_partnership

    settings.ALLIANCE_PAGE_CACHE = False
    admitted_partnership(alice, sam)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("web:home")).content.decode()
    assert "Amani Aid</strong> — ONG, Kenya, depuis" in page


def test_the_case_page_names_the_registration_country(client, alice, sam):  # type: ignore[no-untyped-def]
    application = submitted_application(alice)
    case = application.diligence_cases.get()
    sam.language = "ar"
    sam.save(update_fields=["language"])
    sign_in(client, sam)
    page = client.get(reverse("diligence:case", args=[case.pk])).content.decode()
    assert "<dd>كينيا " in page


def test_a_suspended_or_withdrawn_partnership_does_not_date_its_status_from_admission(  # type: ignore[no-untyped-def]
    client, alice, sam
):
    """``since`` is the day the organisation became a partner: the page said "Suspended
    since <admission day>" for a partner suspended years later (walk 4)."""
    from datetime import date

    from alliance.organisations.actions import partnership_withdraw
    from alliance.organisations.models import Partnership
    from tests.factories import admitted_partnership

    partnership = admitted_partnership(alice, sam)
    Partnership.objects.filter(pk=partnership.pk).update(since=date(2022, 4, 21))
    sign_in(client, sam)
    url = reverse("web:organisation_detail", args=[partnership.organisation_id])
    assert "Active since 21 Apr 2022" in client.get(url).content.decode()

    Partnership.objects.filter(pk=partnership.pk).update(status="suspended")
    page = client.get(url).content.decode()
    assert "Suspended since" not in page
    assert "Suspended; a partner since 21 Apr 2022" in page

    Partnership.objects.filter(pk=partnership.pk).update(status="active")
    partnership.refresh_from_db()
    partnership_withdraw(actor=alice, partnership=partnership, reason="We are closing down.")
    ended = Partnership.objects.get(pk=partnership.pk).ended_on
    assert ended is not None
    shown = f"{ended.day} {ended.strftime('%b %Y')}"
    page = client.get(url).content.decode()
    assert f"Withdrawn on {shown}; a partner from 21 Apr 2022" in page


def test_the_people_table_shows_an_owners_percentage(client, alice, sam):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    application = submitted_application(alice)
    OrganisationPerson.objects.create(
        organisation=application.organisation,
        name="Tomás Ruiz",
        role="owner",
        ownership_percent=Decimal("51.00"),
    )
    OrganisationPerson.objects.create(
        organisation=application.organisation,
        name="Grace Achieng",
        role="owner",
        ownership_percent=Decimal("12.50"),
    )
    sign_in(client, sam)
    url = reverse("web:organisation_detail", args=[application.organisation_id])
    page = client.get(url).content.decode()
    assert '<th scope="col">Ownership percent</th>' in page
    assert '<td class="ownership">51%</td>' in page
    assert '<td class="ownership">12.50%</td>' in page
