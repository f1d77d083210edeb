"""The public read API: checkpoint, key, entries, proofs, tiles, caching and clear 400s."""

from __future__ import annotations

import base64

import pytest
from django.db import transaction

from alliance.engines.merkle import (
    leaf_hash,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from alliance.engines.merkle.tiles import parse_entry_bundle
from alliance.transparency import keys, services, views
from alliance.transparency.models import LogEntry


def _fill(count: int) -> list[LogEntry]:
    with transaction.atomic():
        return [
            services.publish_fact(
                kind="board.decision", subject=f"decision:{i}", fact={"title": f"Decision {i}"}
            )
            for i in range(count)
        ]


def _key() -> str:
    return str(keys.current_signer().verifier)


def test_key_and_checkpoint_are_plain_text_cacheable_and_verify(client, db):
    _fill(3)
    key = client.get("/transparency/key")
    assert key["Content-Type"] == "text/plain; charset=utf-8"
    assert key.content.decode().strip() == _key()
    name, key_id, _ = _key().split("+", 2)
    assert name == "alliance.example/alliance/log" and len(key_id) == 8
    response = client.get("/transparency/checkpoint")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"] and response["ETag"]
    checkpoint = verify_checkpoint(
        response.content.decode(), _key(), origin="alliance.example/alliance/log"
    )
    assert checkpoint.size == 3
    again = client.get("/transparency/checkpoint", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    download = client.get("/transparency/checkpoint?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="checkpoint-3.note"'


def test_an_empty_log_still_has_a_signed_checkpoint(client, db):
    note = client.get("/transparency/checkpoint").content.decode()
    assert verify_checkpoint(note, _key()).size == 0


def test_entries_page_shape_and_bounds(client, db, monkeypatch):
    entries = _fill(5)
    document = client.get("/transparency/entries?start=1&end=4").json()
    assert [e["index"] for e in document["entries"]] == [1, 2, 3]
    first = document["entries"][0]
    assert base64.b64decode(first["leaf"]) == bytes(entries[1].leaf)
    assert first["fact"]["fact"]["title"] == "Decision 1"
    assert first["fact"]["kind"] == "board.decision"
    # Beyond the end: fewer entries, short cache; within: immutable.
    tail = client.get("/transparency/entries?start=3&end=100")
    assert [e["index"] for e in tail.json()["entries"]] == [3, 4]
    assert "immutable" not in tail["Cache-Control"]
    assert "immutable" in client.get("/transparency/entries?start=0&end=2")["Cache-Control"]
    monkeypatch.setattr(views, "MAX_ENTRIES_PER_PAGE", 2)
    assert len(client.get("/transparency/entries?start=0&end=5").json()["entries"]) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "missing parameter 'start'"),
        ("start=0", "missing parameter 'end'"),
        ("start=-1&end=2", "parameter 'start' must be a non-negative integer"),
        ("start=a&end=2", "parameter 'start' must be a non-negative integer"),
        ("start=2&end=2", "end must be greater than start (end is exclusive)"),
        ("start=9&end=12", "start 9 is beyond the tree size 3"),
    ],
)
def test_entries_bad_parameters_are_clear_400s(client, db, query, message):
    _fill(3)
    response = client.get(f"/transparency/entries?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_inclusion_proofs_verify_for_every_entry(client, db):
    entries = _fill(7)
    for size in (1, 4, 7):
        for entry in entries[:size]:
            response = client.get(
                f"/transparency/proof/inclusion?index={entry.index}&tree_size={size}"
            )
            document = response.json()
            assert "immutable" in response["Cache-Control"]
            root = verify_checkpoint(_checkpoint_at(size), _key()).root_hash
            proof = [base64.b64decode(h) for h in document["proof"]]
            assert base64.b64decode(document["leaf_hash"]) == leaf_hash(bytes(entry.leaf))
            verify_inclusion(entry.index, size, leaf_hash(bytes(entry.leaf)), proof, root)


def _checkpoint_at(size: int) -> str:
    from alliance.transparency.models import Checkpoint

    return Checkpoint.objects.filter(size=size).order_by("-id").first().note


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("index=0", 400),
        ("index=3&tree_size=3", 400),
        ("index=0&tree_size=9", 400),
        ("index=x&tree_size=2", 400),
        ("index=1&tree_size=3", 200),
    ],
)
def test_inclusion_bad_parameters(client, db, query, status):
    _fill(3)
    response = client.get(f"/transparency/proof/inclusion?{query}")
    assert response.status_code == status
    if status == 400:
        assert "error" in response.json()


def test_consistency_proofs_verify_between_checkpoints(client, db):
    _fill(9)
    for first, second in ((1, 9), (4, 9), (3, 7), (8, 8)):
        document = client.get(
            f"/transparency/proof/consistency?first={first}&second={second}"
        ).json()
        old = verify_checkpoint(_checkpoint_at(first), _key())
        new = verify_checkpoint(_checkpoint_at(second), _key())
        proof = [base64.b64decode(h) for h in document["proof"]]
        verify_consistency(first, second, old.root_hash, new.root_hash, proof)
    for query in ("first=5&second=3", "first=1&second=99", "first=1", "second=2&first=z"):
        response = client.get(f"/transparency/proof/consistency?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"]


def test_tiles_and_entry_bundles(client, db):
    entries = _fill(5)
    tile = client.get("/transparency/tile/0/000.p/5")
    assert tile.status_code == 200
    assert tile.content == b"".join(leaf_hash(bytes(e.leaf)) for e in entries)
    assert "immutable" not in tile["Cache-Control"]
    bundle = client.get("/transparency/tile/entries/000.p/3")
    assert parse_entry_bundle(bundle.content) == [bytes(e.leaf) for e in entries[:3]]
    assert client.get("/transparency/tile/0/000.p/6").status_code == 404
    assert client.get("/transparency/tile/0/000").status_code == 404  # not full yet
    assert client.get("/transparency/tile/0/0").status_code == 400
    assert client.get("/transparency/tile/0/000.p/256").status_code == 400


def test_full_tiles_are_immutable(client, db):
    _fill(256)
    response = client.get("/transparency/tile/0/000")
    assert response.status_code == 200 and len(response.content) == 256 * 32
    assert "immutable" in response["Cache-Control"]
    assert client.get("/transparency/tile/1/000.p/1").content == base64.b64decode(
        client.get("/transparency/checkpoint").content.decode().split("\n")[2]
    )


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_person_following_a_link_to_the_entries_api_gets_the_log_page(client, db):
    """Walk 3: /transparency/entries without parameters answered a browser with a 400 in
    JSON. A person is sent to the log's page with a message in words; a program (no
    Accept, */*, JSON) still gets the JSON error."""
    from django.utils.html import escape

    from alliance.transparency.views import ERR_READ_API_NEEDS_RANGE

    _fill(3)
    response = client.get("/transparency/entries", headers={"accept": BROWSER})
    assert response.status_code == 302
    assert response["Location"] == "/transparency/"
    page = client.get(response["Location"]).content.decode()
    assert escape(str(ERR_READ_API_NEEDS_RANGE)) in page
    for accept in ({}, {"accept": "*/*"}, {"accept": "application/json"}):
        response = client.get("/transparency/entries", headers=accept)
        assert response.status_code == 400
        assert response.json() == {"error": "missing parameter 'start'"}


def test_a_person_with_wrong_parameters_reads_a_page_in_their_language(client, db):
    from django.utils import translation
    from django.utils.html import escape

    from alliance.transparency.views import ERR_READ_API_REFUSED

    with translation.override("fr"):
        french = escape(str(ERR_READ_API_REFUSED))
    assert french != escape(str(ERR_READ_API_REFUSED))
    _fill(3)
    client.cookies["django_language"] = "fr"
    for url in (
        "/transparency/entries?start=9&end=12",
        "/transparency/proof/inclusion?index=5",
        "/transparency/proof/consistency?first=5&second=3",
    ):
        response = client.get(url, headers={"accept": BROWSER})
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert french in page
        assert 'href="/transparency/"' in page
        assert client.get(url, headers={"accept": "application/json"}).json()["error"]
