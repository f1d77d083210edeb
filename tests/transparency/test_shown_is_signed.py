"""Shown = signed: what the site shows as a log fact is decoded from the leaf bytes the
tree hashes, and a row edited behind the ORM's back shows as a failure everywhere:
the register, the log pages, the entries API, and every `alliance log verify`."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from alliance.cli import main as alliance_main
from alliance.engines.merkle import encode_fact
from alliance.engines.merkle.cli import main as verify_main
from alliance.transparency import integrity, keys, selectors, services
from alliance.transparency.models import LogEntry


def _publish(count: int) -> None:
    with transaction.atomic():
        for i in range(count):
            services.publish_fact(
                kind="board.decision",
                subject=f"decision:{i}",
                fact={"title": f"Decision {i}", "outcome": "adopted"},
            )


def _raw_update(index: int, **columns: object) -> None:
    """What someone with database access does: a plain SQL UPDATE, no ORM."""
    table = LogEntry._meta.db_table
    sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} WHERE {connection.ops.quote_name('index')} = %s",
            [*columns.values(), index],
        )


def _edit_stored_fact(index: int, title: str) -> None:
    document = LogEntry.objects.get(index=index).document
    document["fact"]["title"] = title
    _raw_update(index, fact=json.dumps(document))


def _key() -> str:
    return str(keys.current_signer().verifier)


def test_a_clean_log_shows_leaf_facts_and_verifies_from_the_database(client, db, capsys):
    _publish(3)
    assert integrity.problems(LogEntry.objects.all()) == {}
    body = client.get("/register/").content.decode()
    assert "Decision 2" in body and "Integrity failure" not in body
    page = client.get("/transparency/entries/1/")
    assert page.context["check"].verified
    assert page.context["view"].summary == "Decision 1"
    # The browser compares this with the leaf it verifies.
    assert json.loads(page.context["shown_json"]) == json.loads(bytes(page.context["entry"].leaf))
    call_command("log_verify")
    out = capsys.readouterr().out
    assert "entries OK: 3 rows" in out and "VERIFIED: the stored log" in out


def test_an_sql_edit_of_a_stored_fact_shows_as_failure_on_the_site(client, db):
    _publish(3)
    _edit_stored_fact(1, "Edited behind the log's back")
    entry = LogEntry.objects.get(index=1)
    assert integrity.problems(LogEntry.objects.all()) == {1: str(integrity.ERR_FACT_DIFFERS)}

    register = client.get("/register/").content.decode()
    assert "Edited behind" not in register
    assert str(integrity.FAILURE_SUMMARY) in register
    assert str(integrity.ERR_FACT_DIFFERS) in register

    overview = client.get("/transparency/").content.decode()
    assert "Edited behind" not in overview and str(integrity.FAILURE_SUMMARY) in overview

    page = client.get("/transparency/entries/1/")
    html = page.content.decode()
    assert not page.context["check"].verified
    assert "Not verified on the server" in html and str(integrity.ERR_FACT_DIFFERS) in html
    assert page.context["view"].fields == []
    # The browser is handed the stored copy to compare with the leaf: it will not match.
    assert json.loads(page.context["shown_json"]) != json.loads(bytes(entry.leaf))
    assert "Edited behind" not in page.context["view"].summary

    # The API serves the stored copy for the failing row, so any verifier sees it differ.
    served = client.get("/transparency/entries?start=0&end=3").json()["entries"]
    assert served[1]["fact"]["fact"]["title"] == "Edited behind the log's back"
    assert served[0]["fact"] == json.loads(bytes(LogEntry.objects.get(index=0).leaf))


def test_log_verify_names_the_entry_whose_stored_fact_was_edited(live_server, capsys):
    _publish(4)
    _edit_stored_fact(2, "Edited")
    assert verify_main(["--key", _key(), "--url", live_server.url]) == 1
    assert "entry 2: the shown fact does not match its signed leaf data" in capsys.readouterr().err
    with pytest.raises(CommandError, match=r"entry 2: its stored fact differs"):
        call_command("log_verify")


def test_a_consistent_row_rewrite_is_named_by_the_leaf_hash_in_the_tree(live_server, capsys):
    """Leaf and fact rewritten together (the row is self-consistent): the tree's stored
    leaf hash, covered by the signed checkpoint, names the entry."""
    _publish(5)
    entry = LogEntry.objects.get(index=3)
    document = entry.document
    document["fact"]["outcome"] = "rejected"
    _raw_update(3, leaf=encode_fact(document), fact=json.dumps(document))
    with pytest.raises(CommandError, match=r"entry 3: its leaf data do not hash"):
        call_command("log_verify")
    assert verify_main(["--key", _key(), "--url", live_server.url]) == 1
    err = capsys.readouterr().err
    assert "entry 3: its leaf data do not hash to the leaf hash in the server's tree" in err
    body = urllib.request.urlopen(f"{live_server.url}/register/").read().decode()
    assert "rejected" not in body and str(integrity.ERR_LEAF_HASH) in body


@pytest.mark.django_db(transaction=True)
def test_the_cli_routes_database_verification(capsys):
    _publish(2)
    assert alliance_main(["log", "verify", "--database", "--key", _key()]) == 0
    assert "VERIFIED: the stored log" in capsys.readouterr().out
    connection.close()  # the command closes its connection when it ends; start a new one
    _raw_update(0, kind="board.other")
    with pytest.raises(SystemExit) as exit_info:
        alliance_main(["log", "verify", "--database"])
    assert exit_info.value.code == 1
    assert "entry 0: its stored kind is not the one in its signed leaf data" in (
        capsys.readouterr().err
    )


def test_register_sections_check_rows_in_one_query(db, django_assert_num_queries):
    _publish(6)
    with django_assert_num_queries(2):  # the entries, then their leaf hashes
        sections = selectors.entries_by_section()
    assert [row.summary for row in sections["decisions"]][:2] == ["Decision 5", "Decision 4"]
