"""The public register and its open data, linked to the log; the entry page's proof."""

from __future__ import annotations

import csv
import io

from django.db import connection

from alliance.organisations.models import Organisation
from tests.factories import admitted_partnership, make_user


def _partners(count: int, staff, first: int = 0) -> list:  # type: ignore[no-untyped-def]
    out = []
    for i in range(first, first + count):
        applicant = make_user(f"contact{i}@p{i}.example")
        out.append(admitted_partnership(applicant, staff, legal_name=f"Partner {i:02d}"))
    return out


def test_register_links_partners_to_their_log_entries(client, sam, django_assert_max_num_queries):
    partners = _partners(3, sam)
    with django_assert_max_num_queries(3):
        response = client.get("/register/partners/")
    body = response.content.decode()
    for p in partners:
        assert p.organisation.legal_name in body
    index = response.context["items"][0].index
    assert f'href="/transparency/entries/{index}/"' in body
    home = client.get("/register/").content.decode()
    assert "Save the current checkpoint" in home
    assert 'href="/transparency/checkpoint?download=1"' in home


def test_register_query_count_does_not_grow_with_partners_or_entries(
    client, sam, publish, django_assert_num_queries
):
    _partners(2, sam)
    publish("board.motion", "motion:99", title="Motion 99")
    from django.test.utils import CaptureQueriesContext

    client.get("/register/")
    with CaptureQueriesContext(connection) as few:
        client.get("/register/")
    _partners(4, sam, first=2)
    for i in range(5):
        publish("board.motion", f"motion:{i}", title=f"Motion {i}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/register/")


def test_register_lists_other_apps_facts_in_their_sections(client, publish, db):
    publish("board.decision", "decision:7", title="Admit Amani Aid", outcome="passed")
    publish("governance.rules", "rules:2", adopted_on="2026-10-19", rules={"board_size": 7})
    publish("group.recommendation", "recommendation:1", title="Adopt open standards")
    publish("board.recommendation_answer", "recommendation:1", answer="accepted_with_changes")
    publish("funding.totals", "funding:2026", by_year={"2026": {"pledged": "250000"}})
    decisions = client.get("/register/decisions/")
    assert [i.get("title") for i in decisions.context["items"]] == ["Admit Amani Aid"]
    rules = client.get("/register/rules/").content.decode()
    assert "Board of 7" in rules
    recommendations = client.get("/register/recommendations/").content.decode()
    assert "Adopt open standards" in recommendations and "Accepted with changes" in recommendations
    assert "USD\u00a0250,000.00" in client.get("/register/funding/").content.decode()


def test_register_partner_filters(client, sam):
    partners = _partners(3, sam)
    Organisation.objects.filter(pk=partners[1].organisation_id).update(is_founding_partner=True)
    # The register reads the log: the founding flag counts from the partner's next entry.
    fragment = client.get("/register/partners/?q=Partner+01").content.decode()
    assert "Partner 01" in fragment and "Partner 00" not in fragment
    assert "No partners match" in client.get("/register/partners/?q=nobody").content.decode()


def test_register_json_and_csv_use_stable_public_ids(client, sam):
    partners = _partners(2, sam)
    document = client.get("/register.json").json()
    rows = {row["organisation_id"]: row for row in document["partners"]}
    for p in partners:
        row = rows[str(p.organisation.public_id)]
        assert row["name"] == p.organisation.legal_name
        assert row["tier"] == "Partner" and row["since"] == "2026-01-15"
        assert row["log_entry_url"].endswith(f"/transparency/entries/{row['log_index']}/")
    assert document["log"]["tree_size"] >= 2
    assert document["log"]["origin"] == "alliance.example/alliance/log"
    response = client.get("/register.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["organisation_id"] for r in table} == set(rows)
    assert table[0]["founding_partner"] in {"yes", "no"}
    assert "contact" not in response.content.decode().lower()  # no personal data


def test_entry_page_shows_a_server_verified_inclusion_proof(client, publish):
    for i in range(6):
        entry = publish("board.decision", f"decision:{i}", title=f"Decision {i}")
    response = client.get(f"/transparency/entries/{entry.index - 2}/")
    body = response.content.decode()
    assert response.context["check"].verified
    assert "Verified on the server" in body
    assert 'data-size="6"' in body and "transparency/verify.js" in body
    assert "<script>" not in body  # CSP: no inline scripts
    assert client.get("/transparency/entries/99/").status_code == 404


def test_entry_page_shows_corrections(client, publish):
    from django.db import transaction

    from alliance.transparency.services import publish_correction

    old = publish("funding.totals", "funding:2026", received="1")
    with transaction.atomic():
        new = publish_correction(corrects=old.index, fact={"received": "2"}, reason="typo")
    assert (
        f"/transparency/entries/{new.index}/"
        in client.get(f"/transparency/entries/{old.index}/").content.decode()
    )
    assert "corrects" in client.get(f"/transparency/entries/{new.index}/").content.decode()


def test_transparency_page_search_filter_and_rotation_form(
    client, publish, ada, django_capture_on_commit_callbacks
):
    publish("board.decision", "decision:1", title="Admit Amani Aid")
    publish("funding.totals", "funding:2026", year=2026)
    page = client.get("/transparency/")
    body = page.content.decode()
    assert page.context["verifier_key"] in body
    assert "Rotate key" not in body
    assert [r.kind for r in client.get("/transparency/?kind=funding.totals").context["rows"]] == [
        "funding.totals"
    ]
    assert [r.subject for r in client.get("/transparency/?q=amani").context["rows"]] == [
        "decision:1"
    ]
    assert client.post("/transparency/key/rotate/", {"reason": "x"}).status_code in (302, 403)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(ada, generate_totp_secret())
    client.force_login(ada)
    assert "Rotate key" in client.get("/transparency/").content.decode()
    old_key = page.context["verifier_key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/transparency/key/rotate/", {"reason": "Yearly rotation"})
    assert response.status_code == 302
    assert client.get("/transparency/key").content.decode().strip() != old_key
