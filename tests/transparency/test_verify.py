"""`alliance log verify` end to end against this server's checkpoint and entries.

It must accept the real log, and catch a rewritten entry (the DB row's leaf
edited behind the ORM's back), a forked checkpoint and a bad signature.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import connection, transaction

from alliance.engines.merkle import generate_key, root_of, sign_checkpoint
from alliance.engines.merkle.cli import main as verify_main
from alliance.transparency import keys, services
from alliance.transparency.models import LogEntry


def _fill(count: int, start: int = 0) -> None:
    with transaction.atomic():
        for i in range(start, start + count):
            services.publish_fact(
                kind="board.decision",
                subject=f"decision:{i}",
                fact={"title": f"Decision {i}", "votes_for": i},
            )


def _save(client, tmp_path: Path, name: str) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    note = client.get("/transparency/checkpoint").content.decode()
    size = int(note.split("\n")[1])
    checkpoint = tmp_path / f"{name}.note"
    checkpoint.write_text(note)
    entries = tmp_path / f"{name}.json"
    entries.write_text(json.dumps(client.get(f"/transparency/entries?start=0&end={size}").json()))
    return checkpoint, entries


def _key() -> str:
    return str(keys.current_signer().verifier)


def _rewrite_leaf(index: int, leaf: bytes, *, with_fact: bool = False) -> None:
    """What an attacker with database access would do: bypass the ORM's refusal
    (``with_fact``: rewrite the stored fact copy to match, so the row is consistent)."""
    table = LogEntry._meta.db_table
    column = connection.ops.quote_name("index")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET leaf = %s WHERE {column} = %s", [leaf, index])
        if with_fact:
            cursor.execute(
                f"UPDATE {table} SET fact = %s WHERE {column} = %s",
                [leaf.decode(), index],
            )


def test_saved_checkpoint_and_dump_verify_offline(client, db, tmp_path, capsys):
    _fill(4)
    older, _ = _save(client, tmp_path, "older")
    _fill(3, start=4)
    checkpoint, entries = _save(client, tmp_path, "now")
    argv = ["--key", _key(), "--checkpoint", str(checkpoint), "--entries", str(entries)]
    assert verify_main(argv) == 0
    assert (
        verify_main([*argv, "--older", str(older), "--origin", "alliance.example/alliance/log"])
        == 0
    )
    out = capsys.readouterr().out
    assert "VERIFIED: alliance.example/alliance/log at tree size 7" in out
    assert "consistency OK: size 4 is a prefix of size 7" in out
    # The same through the project's own command line.
    from alliance.cli import main as alliance_main

    assert alliance_main(["log", "verify", *argv, "--older", str(older)]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_a_rewritten_entry_is_detected(client, db, tmp_path, capsys):
    _fill(5)
    checkpoint, _ = _save(client, tmp_path, "signed")
    original = bytes(LogEntry.objects.get(index=2).leaf)
    _rewrite_leaf(2, original.replace(b'"votes_for":2', b'"votes_for":9'))
    _, entries = _save(client, tmp_path, "tampered")
    status = verify_main(
        ["--key", _key(), "--checkpoint", str(checkpoint), "--entries", str(entries)]
    )
    assert status == 1
    # The stored fact copy no longer matches the leaf, so the API serves it and the
    # verifier names the entry.
    assert "entry 2: the shown fact does not match" in capsys.readouterr().err
    # Rewritten consistently, the row hashes to a different root.
    _rewrite_leaf(2, original.replace(b'"votes_for":2', b'"votes_for":9'), with_fact=True)
    _, entries = _save(client, tmp_path, "tampered")
    status = verify_main(
        ["--key", _key(), "--checkpoint", str(checkpoint), "--entries", str(entries)]
    )
    assert status == 1
    assert "root hash mismatch" in capsys.readouterr().err
    # The entry page's own check fails too.
    response = client.get("/transparency/entries/2/")
    assert not response.context["check"].verified
    assert "Not verified on the server" in response.content.decode()


def test_a_forked_checkpoint_is_detected(client, db, tmp_path, capsys):
    _fill(4)
    older, _ = _save(client, tmp_path, "older")
    # The operator rewrites entry 1 and re-signs the rewritten history with the real key.
    leaves = [bytes(e.leaf) for e in LogEntry.objects.order_by("index")]
    leaves[1] = leaves[1].replace(b"Decision 1", b"Decision X")
    _rewrite_leaf(1, leaves[1], with_fact=True)
    forked = tmp_path / "forked.note"
    forked.write_text(sign_checkpoint(keys.log_origin(), 4, root_of(leaves), keys.current_signer()))
    entries = tmp_path / "forked.json"
    entries.write_text(json.dumps(client.get("/transparency/entries?start=0&end=4").json()))
    argv = ["--key", _key(), "--checkpoint", str(forked), "--entries", str(entries)]
    assert verify_main(argv) == 0  # self-consistent on its own...
    assert verify_main([*argv, "--older", str(older)]) == 1  # ...but not with what we saved
    assert "fork" in capsys.readouterr().err


def test_a_bad_signature_is_detected(client, db, tmp_path, capsys):
    _fill(3)
    checkpoint, entries = _save(client, tmp_path, "signed")
    note = checkpoint.read_text()
    body, signature_line = note.rsplit("\n\n", 1)
    name, blob = signature_line.rstrip("\n").rsplit(" ", 1)
    flipped = blob[:10] + ("A" if blob[10] != "A" else "B") + blob[11:]
    bad = tmp_path / "bad.note"
    bad.write_text(f"{body}\n\n{name} {flipped}\n")
    argv = ["--key", _key(), "--checkpoint", str(bad), "--entries", str(entries)]
    assert verify_main(argv) == 1
    assert "bad signature" in capsys.readouterr().err
    _, other_key = generate_key(keys.log_origin())
    assert (
        verify_main(
            ["--key", other_key, "--checkpoint", str(checkpoint), "--entries", str(entries)]
        )
        == 1
    )


def test_verify_against_the_live_server(live_server, tmp_path, capsys):
    _fill(3)
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/transparency/checkpoint") as response:
        older = tmp_path / "older.note"
        older.write_bytes(response.read())
    _fill(2, start=3)
    key_file = tmp_path / "key.txt"
    with urllib.request.urlopen(f"{live_server.url}/transparency/key") as response:
        key_file.write_bytes(response.read())
    assert (
        verify_main(["--key", str(key_file), "--url", live_server.url, "--older", str(older)]) == 0
    )
    out = capsys.readouterr().out
    assert "served proof checked too" in out and "tree size 5" in out
