"""The log's filter names each kind of entry in the reader's language; the value sent
stays the kind as signed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from alliance.transparency.selectors import ENTRY_KIND_LABELS, entry_kind_label

pytestmark = pytest.mark.django_db


def _options(page: str) -> dict[str, str]:
    select = page.split('id="log-kind"', 1)[1].split("</select>", 1)[0]
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def test_the_log_filter_names_each_kind_in_french(client, publish):  # type: ignore[no-untyped-def]
    publish("partner.admitted", "organisation:a", organisation="A")
    publish("board.neutrality_review", "motion:1", title="Endorse X")
    publish("partner.suspended", "organisation:a", organisation="A")
    client.cookies["django_language"] = "fr"
    options = _options(client.get(reverse("transparency:overview")).content.decode())
    assert options["partner.admitted"] == "Partenaire admis"
    assert options["board.neutrality_review"] == "Examen de neutralité"
    assert options["partner.suspended"] == "Partenariat suspendu"
    assert not any(":" in words for words in options.values()), options
    # The filter still selects by the signed kind.
    rows = client.get(reverse("transparency:overview"), {"kind": "partner.suspended"})
    assert rows.status_code == 200


def test_every_kind_the_platform_publishes_has_its_words():  # type: ignore[no-untyped-def]
    """The kinds the actions publish (and the partnership statuses a change publishes as
    ``partner.<status>``) all have a label, so none falls back to English words."""
    from alliance.organisations.choices import PartnershipStatus

    published = {
        "application.declined",
        "board.motion",
        "board.neutrality_review",
        "board.recommendation_answer",
        "funding.totals",
        "governance.rules",
        "group.created",
        "group.recommendation",
        "issuer_key.rotated",
        "partner.admitted",
        "partner.renewed",
        "tier_schedule.adopted",
        *(f"partner.{status}" for status in PartnershipStatus.values),
    }
    assert published <= set(ENTRY_KIND_LABELS)
    assert entry_kind_label("log.something_new") == "Log: something new"


def test_an_entrys_page_names_its_kind_beside_the_signed_code(client, publish):  # type: ignore[no-untyped-def]
    entry = publish("partner.admitted", "organisation:a", organisation="A")
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("transparency:entry", args=[entry.index])).content.decode()
    assert "قبول شريك <code>partner.admitted</code></h1>" in page


def test_the_logs_list_names_each_entrys_kind_beside_its_code(client, publish):  # type: ignore[no-untyped-def]
    publish("partner.renewed", "organisation:a", organisation="A")
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("transparency:overview")).content.decode()
    rows = page.split('class="table log"', 1)[1].split("</table>", 1)[0]
    assert "<td>Partenariat renouvelé <code>partner.renewed</code>" in rows
