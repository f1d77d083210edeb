"""The public register's section pages (issue 16, item 4): partners, Board decisions,
rules, recommendations with the Board's answers and funding totals, each read from the
signed log, with filters, paging, a link from every item to its log entry, open data
whose columns are those of the data dictionary, and a chart holding the table's figures."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance.transparency import integrity
from alliance.transparency.models import LogEntry
from alliance.web import pagecache
from alliance.web import register as reg
from alliance.web.views import register as views

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(db):  # type: ignore[no-untyped-def]
    """Publish a fact in its own transaction (the fact may have a ``kind`` of its own)."""
    from django.db import transaction

    from alliance.transparency.services import publish_fact

    def _publish(kind: str, subject: str, /, **fact):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            return publish_fact(kind=kind, subject=subject, fact=fact)

    return _publish


SECTION_PAGES = (
    "/register/",
    "/register/partners/",
    "/register/decisions/",
    "/register/rules/",
    "/register/recommendations/",
    "/register/funding/",
)


def _partner(publish, name, *, tier="Partner", type="ngo", country="KE", status="active",
             founding=False, kind="partner.admitted", org_id=None):  # fmt: skip # type: ignore[no-untyped-def]
    org_id = org_id or str(uuid.uuid4())
    return publish(
        kind,
        f"organisation:{org_id}",
        organisation=name,
        organisation_id=org_id,
        type=type,
        country=country,
        tier=tier,
        founding_partner=founding,
        since="2026-01-15",
        status=status,
        commercial_stance="Declares no commercial interest in digital identity.",
    )


def _motion(publish, n, *, kind="admission", outcome="passed", closed_on="2026-03-01"):  # type: ignore[no-untyped-def]
    return publish(
        "board.motion",
        f"motion:{n}",
        motion=n,
        title=f"Motion {n}",
        kind=kind,
        outcome=outcome,
        outcome_words=outcome.capitalize(),
        failed_because="",
        closed_on=closed_on,
        votes_for=5,
        votes_against=1,
        abstentions=1,
    )


def _recommendation(publish, n, *, group="Privacy Group", due="2026-07-16"):  # type: ignore[no-untyped-def]
    return publish(
        "group.recommendation",
        f"recommendation:{n}",
        recommendation=n,
        group=group,
        title=f"Recommendation {n}",
        text="Collect only what registration needs.",
        adopted_on="2026-05-17",
        answer_due=due,
        group_vote={"for": 3, "against": 0, "abstain": 1},
    )


def _answer(publish, n, *, answer="accepted", late=False):  # type: ignore[no-untyped-def]
    return publish(
        "board.recommendation_answer",
        f"recommendation:{n}",
        recommendation=n,
        title=f"Recommendation {n}",
        answer=answer,
        answered_on="2026-06-26",
        reasons="Agreed.",
        late=late,
    )


TOTALS = {
    "currency": "USD",
    "by_year": {
        "2026": {
            "budget": "2500000.00",
            "pledged": "1836666.44",
            "received": "1323750.14",
            "in_kind": "160000.00",
            "gap": "663333.56",
        },
        "2027": {
            "budget": "2800000.00",
            "pledged": "1836666.44",
            "received": "0.00",
            "in_kind": "0.00",
            "gap": "963333.56",
        },
    },
    "by_tier": {"Partner": {"pledged": "89998.88", "received": "9999.82", "in_kind": "0.00"}},
    "by_type": {"NGO": {"pledged": "0.00", "received": "0.00", "in_kind": "40000.00"}},
}


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.get("name") or item.get("title") for item in response.context["items"]]


# --- Filters -------------------------------------------------------------------------------


def test_partners_filter_by_tier_sector_country_status_founding_and_name(client, publish):
    _partner(publish, "Amani Aid", tier="Supporter", type="ngo", country="KE")
    _partner(publish, "Kestrel Cloud", tier="Strategic partner", type="company", country="US")
    _partner(publish, "Tessaly Foundation", type="foundation", country="KE", founding=True)
    cobalt = str(uuid.uuid4())
    _partner(publish, "Cobalt Border", type="company", country="AE", org_id=cobalt)
    # A newer entry for the same organisation supersedes the older one.
    _partner(publish, "Cobalt Border", type="company", country="AE", org_id=cobalt,
             status="suspended", kind="partner.suspended")  # fmt: skip

    page = "/register/partners/"
    assert _names(client.get(page)) == [
        "Amani Aid", "Cobalt Border", "Kestrel Cloud", "Tessaly Foundation",
    ]  # fmt: skip
    assert _names(client.get(page + "?tier=Supporter")) == ["Amani Aid"]
    assert _names(client.get(page + "?sector=company")) == ["Cobalt Border", "Kestrel Cloud"]
    assert _names(client.get(page + "?country=KE")) == ["Amani Aid", "Tessaly Foundation"]
    assert _names(client.get(page + "?status=suspended")) == ["Cobalt Border"]
    assert _names(client.get(page + "?founding=yes")) == ["Tessaly Foundation"]
    assert _names(client.get(page + "?q=kes")) == ["Kestrel Cloud"]
    assert _names(client.get(page + "?sector=company&status=active")) == ["Kestrel Cloud"]
    # A value the data never takes is ignored, not an error.
    assert len(_names(client.get(page + "?status=bogus"))) == 4
    body = client.get(page + "?status=suspended").content.decode()
    assert "Suspended" in body and "United Arab Emirates" in body and "Company" in body
    assert "No partners match" in client.get(page + "?q=nobody").content.decode()


def test_decisions_filter_by_kind_outcome_and_year(client, publish):
    _motion(publish, 1, kind="admission", outcome="passed", closed_on="2025-06-01")
    _motion(publish, 2, kind="suspension", outcome="failed", closed_on="2026-02-01")
    _motion(publish, 3, kind="admission", outcome="passed", closed_on="2026-09-01")
    publish(
        "board.neutrality_review",
        "motion:4",
        motion=4,
        endorsement_subject="Open wallets",
        verdict="neutral",
        conclusion="An open standard.",
        reviewed_on="2026-10-01",
    )
    page = "/register/decisions/"
    assert _names(client.get(page)) == ["Open wallets", "Motion 3", "Motion 2", "Motion 1"]
    assert _names(client.get(page + "?kind=admission")) == ["Motion 3", "Motion 1"]
    assert _names(client.get(page + "?outcome=failed")) == ["Motion 2"]
    assert _names(client.get(page + "?year=2025")) == ["Motion 1"]
    assert _names(client.get(page + "?kind=admission&year=2026")) == ["Motion 3"]
    assert _names(client.get(page + "?kind=neutrality_review")) == ["Open wallets"]
    body = client.get(page).content.decode()
    assert "Neutrality review" in body and "Suspension" in body and "Neutral" in body


def test_recommendations_filter_by_group_answered_and_late(client, publish):
    today = timezone.localdate()
    _recommendation(publish, 1, group="Privacy Group")
    _answer(publish, 1, answer="accepted_with_changes", late=False)
    _recommendation(publish, 2, group="Standards Committee", due="2026-01-01")
    _answer(publish, 2, answer="declined", late=True)
    _recommendation(publish, 3, group="Standards Committee", due=str(today - timedelta(days=1)))
    _recommendation(publish, 4, group="Privacy Group", due=str(today + timedelta(days=30)))
    page = "/register/recommendations/"
    names = lambda q: [i.get("title") for i in client.get(page + q).context["items"]]  # noqa: E731
    assert names("") == [f"Recommendation {n}" for n in (4, 3, 2, 1)]
    assert names("?group=Privacy+Group") == ["Recommendation 4", "Recommendation 1"]
    assert names("?answered=yes") == ["Recommendation 2", "Recommendation 1"]
    assert names("?answered=no") == ["Recommendation 4", "Recommendation 3"]
    # Late: answered after the due date, or still unanswered past it.
    assert names("?late=yes") == ["Recommendation 3", "Recommendation 2"]
    assert names("?late=no&answered=no") == ["Recommendation 4"]
    body = client.get(page).content.decode()
    assert "Accepted with changes" in body and "Not answered yet" in body


# --- Paging ----------------------------------------------------------------------------------


def test_paging_edges_are_a_clear_404_and_page_links_keep_the_filters(client, publish):
    for n in range(23):
        _motion(publish, n, kind="admission" if n % 2 else "decline")
    page = "/register/decisions/"
    first = client.get(page + "?size=10")
    assert first.context["page"].paginator.num_pages == 3
    assert len(first.context["items"]) == 10
    last = client.get(page + "?size=10&page=3")
    assert [i.get("motion") for i in last.context["items"]] == [2, 1, 0]
    for bad, words in (
        ("0", "There is no page 0 of this list: it has 3 page(s)."),
        ("4", "There is no page 4 of this list: it has 3 page(s)."),
        ("x", "“x” is not a page number"),
        ("-1", "“-1” is not a page number"),
        ("1.5", "“1.5” is not a page number"),
    ):
        response = client.get(f"{page}?size=10&page={bad}")
        assert response.status_code == 404, bad
        body = unescape(response.content.decode())
        assert words in body, body
        assert 'href="/register/decisions/"' in body  # a way back to the first page
    # A page size outside the offered ones gets the default.
    assert client.get(page + "?size=7").context["size"] == views.PAGE_SIZE
    assert client.get(page + "?size=100000").context["size"] == views.PAGE_SIZE
    # Filtered and paged: the links carry the filter.
    body = unescape(client.get(page + "?kind=decline&size=10").content.decode())
    assert "?kind=decline&size=10&page=2" in body
    assert 'aria-current="page"' in body
    # An empty list is one empty page, not a 404.
    empty = client.get("/register/rules/")
    assert empty.status_code == 200 and empty.context["total"] == 0


# --- Every item links to its log entry ------------------------------------------------------


def test_every_item_links_to_its_own_log_entry(client, publish):
    amani = _partner(publish, "Amani Aid")
    motion = _motion(publish, 7)
    rec = _recommendation(publish, 1)
    answer = _answer(publish, 1)
    rules = publish("governance.rules", "rules:2", adopted_on="2026-10-19", motion=29,
                    rules={"board_size": 7, "quorum_fraction": "1/2", "quorum_minimum": 4,
                           "term_years": 3}, seats=[])  # fmt: skip
    totals = publish("funding.totals", "alliance:funding", **TOTALS)
    for page, entry, name in (
        ("/register/partners/", amani, "Amani Aid"),
        ("/register/decisions/", motion, "Motion 7"),
        ("/register/recommendations/", rec, "Recommendation 1"),
        ("/register/recommendations/", answer, "Recommendation 1"),
        ("/register/rules/", rules, "Board rules"),
        ("/register/funding/", totals, "Funding totals"),
    ):
        body = client.get(page).content.decode()
        assert f'href="/transparency/entries/{entry.index}/"' in body, page
        assert name in unescape(body)
        assert client.get(f"/transparency/entries/{entry.index}/").status_code == 200
    home = client.get("/register/").content.decode()
    for entry in (amani, motion, rec, rules, totals):
        assert f'href="/transparency/entries/{entry.index}/"' in home


# --- Open data and its dictionary ------------------------------------------------------------


def _everything(publish):  # type: ignore[no-untyped-def]
    _partner(publish, '=HYPERLINK("https://evil.example")', country="KE")
    _partner(publish, "Amani Aid", founding=True)
    _motion(publish, 1)
    _recommendation(publish, 1)
    _answer(publish, 1)
    _recommendation(publish, 2)
    publish("tier_schedule.adopted", "tier_schedule:2", number=2, effective_from="2027-01-01",
            decision="Motion 12", publish_individual_amounts=False,
            partnership_period_years=3)  # fmt: skip
    publish("funding.totals", "alliance:funding", **TOTALS)


@pytest.mark.parametrize("dataset", list(reg.DATASETS))
def test_open_data_parses_and_its_columns_are_the_data_dictionary(client, publish, dataset):
    _everything(publish)
    names = reg.DATASETS[dataset].names
    document = client.get(f"/register/{dataset}.json").json()
    assert [c["name"] for c in document["columns"]] == names
    assert document["rows"], dataset
    for row in document["rows"]:
        assert list(row) == names
        entry = LogEntry.objects.get(index=row["log_index"])
        assert row["log_entry_url"].endswith(f"/transparency/entries/{entry.index}/")
    assert document["log"]["tree_size"] == LogEntry.objects.count()

    response = client.get(f"/register/{dataset}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == names
    assert len(table) - 1 == len(document["rows"])
    for cells in table[1:]:
        assert len(cells) == len(names)
        assert not cells[0].startswith(("=", "+", "-", "@", "\t", "\r"))

    # The data dictionary page lists exactly these columns for this file.
    page = client.get("/register/data/").content.decode()
    section = page.split(f'id="dictionary-{dataset}"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="row"><code>(\w+)</code>', section) == names


def test_open_data_neutralises_formulas_and_keeps_values_as_signed(client, publish):
    _everything(publish)
    rows = list(csv.DictReader(io.StringIO(client.get("/register/partners.csv").content.decode())))
    names = {r["name"] for r in rows}
    assert '\'=HYPERLINK("https://evil.example")' in names
    assert {r["founding_partner"] for r in rows} == {"yes", "no"}
    # JSON carries the text as published (JSON is not run by spreadsheets).
    document = client.get("/register/partners.json").json()
    assert '=HYPERLINK("https://evil.example")' in {r["name"] for r in document["rows"]}
    recs = {
        r["recommendation"]: r for r in client.get("/register/recommendations.json").json()["rows"]
    }
    assert recs[1]["answered"] == "yes" and recs[1]["answer"] == "accepted"
    assert recs[2]["answered"] == "no" and recs[2]["answer"] == ""
    funding = client.get("/register/funding.json").json()["rows"]
    assert {"breakdown": "year", "group": "2026", "figure": "budget", "amount": "2500000.00",
            "currency": "USD"}.items() <= funding[0].items()  # fmt: skip
    assert len(funding) == 2 * 5 + 1 * 3 + 1 * 3


# --- Funding: a table and a chart with the same figures ---------------------------------------


def test_funding_chart_holds_the_tables_figures(client, publish):
    publish("funding.totals", "alliance:funding", received="1")  # an earlier publication
    entry = publish("funding.totals", "alliance:funding", **TOTALS)
    body = unescape(client.get("/register/funding/").content.decode())
    svg = body.split("<svg")[1].split("</svg>")[0]
    assert '<title id="chart-register-funding-title">' in svg
    assert '<desc id="chart-register-funding-desc">' in svg
    table = body.split('id="register-funding-by-year"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', table)
    assert [year for year, _ in rows] == ["2026", "2027"]
    for year, cells in rows:
        budget, pledged, received, in_kind, _gap = re.findall(r"<td>(.*?)</td>", cells)
        for measure, shown in (("Budget", budget), ("Pledged (cash)", pledged),
                               ("Received (cash)", received), ("In kind", in_kind)):  # fmt: skip
            # Each bar's own title, and the description, say the same amount as the table.
            assert f"<title>{year} — {measure}: {shown}</title>" in svg, (year, measure)
        desc = svg.split('<desc id="chart-register-funding-desc">')[1].split("</desc>")[0]
        assert f"{year}: Budget {budget}, Pledged (cash) {pledged}" in desc
    assert TOTALS["by_year"]["2026"]["budget"] == "2500000.00"
    assert "USD\u00a02,500,000.00" in table
    assert f'href="/transparency/entries/{entry.index}/"' in body
    assert (
        "Earlier publications" in body
        and f'href="/transparency/entries/{entry.index - 1}/"' in body
    )


# --- Shown = signed ---------------------------------------------------------------------------


def test_a_partner_row_edited_behind_the_log_shows_as_a_failure(client, publish):
    entry = _partner(publish, "Amani Aid")
    _partner(publish, "Kestrel Cloud")
    document = LogEntry.objects.get(index=entry.index).document
    document["fact"]["organisation"] = "Edited behind the log"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {LogEntry._meta.db_table} SET fact = %s "
            f"WHERE {connection.ops.quote_name('index')} = %s",
            [json.dumps(document), entry.index],
        )
    body = client.get("/register/partners/").content.decode()
    assert "Edited behind" not in body and "Amani Aid" not in body
    assert str(integrity.ERR_FACT_DIFFERS) in body
    assert f'href="/transparency/entries/{entry.index}/"' in body
    rows = client.get("/register/partners.json").json()["rows"]
    assert [r["name"] for r in rows] == ["Kestrel Cloud"]  # open data holds only what was signed


# --- Queries and the page cache -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/register/", 11),
        ("/register/partners/", 3),  # + the schedule version naming tiers in the language
        ("/register/decisions/", 2),
        ("/register/rules/", 2),
        ("/register/recommendations/", 2),
        ("/register/funding/", 3),  # + the schedule version naming tiers in the language
        ("/register/data/", 0),
        ("/register/partners.json", 3),
        ("/register/funding.csv", 2),
    ],
)
def test_each_register_page_costs_a_fixed_number_of_queries(client, publish, path, limit):
    """Pinned: one query for a section's entries, one for their leaf hashes (the overview
    reads five sections and the checkpoint); the count does not grow with the log."""
    _everything(publish)
    client.get(path)  # the first request may sign the first checkpoint
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    assert len(few.captured_queries) == limit
    for n in range(2, 12):
        _partner(publish, f"Partner {n}")
        _motion(publish, n)
        _recommendation(publish, n)
        publish("funding.totals", "alliance:funding", **TOTALS)
    with CaptureQueriesContext(connection) as more:
        client.get(path)
    assert len(more.captured_queries) == limit


def test_section_pages_are_cached_per_query_string(
    client, publish, settings, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    settings.ALLIANCE_PAGE_CACHE = True
    pagecache.pages.clear()
    try:
        _partner(publish, "Amani Aid", type="ngo")
        _partner(publish, "Kestrel Cloud", type="company")
        ngo = client.get("/register/partners/?sector=ngo")
        with django_assert_max_num_queries(1):  # the log head, nothing else
            again = client.get("/register/partners/?sector=ngo")
        assert again.content == ngo.content and again["ETag"] == ngo["ETag"]
        assert client.get("/register/partners/?sector=ngo",
                          HTTP_IF_NONE_MATCH=ngo["ETag"]).status_code == 304  # fmt: skip
        company = client.get("/register/partners/?sector=company")
        assert company["ETag"] != ngo["ETag"] and b"Kestrel" in company.content
        # The same parameters in another order are the same page.
        a = client.get("/register/partners/?sector=ngo&size=10")
        with django_assert_max_num_queries(1):
            b = client.get("/register/partners/?size=10&sector=ngo")
        assert a["ETag"] == b["ETag"]
        # A new entry changes the key: no stale page.
        _partner(publish, "Atlas NGO", type="ngo")
        assert b"Atlas NGO" in client.get("/register/partners/?sector=ngo").content
        # A 404 (no such page) is not kept.
        assert client.get("/register/partners/?page=9").status_code == 404
        assert not any(key[2] == (("page", "9"),) for key in pagecache.pages.items)
        for path in ("/register/partners.json", "/register/decisions.csv", "/register/data/"):
            first = client.get(path)
            with django_assert_max_num_queries(1):
                assert client.get(path)["ETag"] == first["ETag"]
    finally:
        pagecache.pages.clear()


def test_the_register_home_is_short_and_links_every_section(client, publish):
    _everything(publish)
    this_year = str(timezone.localdate().year)
    publish("funding.totals", "alliance:funding",
            **{**TOTALS, "by_year": {this_year: TOTALS["by_year"]["2026"]}})  # fmt: skip
    body = client.get("/register/").content.decode()
    for path in (*SECTION_PAGES[1:], "/register/data/"):
        assert f'href="{path}"' in body
    assert f"Budget {this_year}" in body and "USD\u00a02,500,000.00" in body
    assert "2 active partners" in body
