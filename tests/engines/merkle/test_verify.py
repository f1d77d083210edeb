"""The offline verifier catches rewritten entries, forks and bad signatures."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alliance.engines.merkle import (
    MemoryHashStore,
    append_leaves,
    consistency_proof,
    generate_key,
    sign_checkpoint,
)
from alliance.engines.merkle.cli import keygen_main, main
from alliance.engines.merkle.jcs import decode_fact, encode_fact
from alliance.engines.merkle.wire import consistency_proof_document, entries_document

ORIGIN = "alliance.example/transparency"


class FakeLog:
    """A log as the Django side would run it: facts in, signed checkpoints out."""

    def __init__(self) -> None:
        self.signer_key, self.verifier_key = generate_key(ORIGIN)
        self.store = MemoryHashStore()
        self.leaves: list[bytes] = []

    def add(self, count: int, kind: str = "partner.admitted") -> str:
        facts = [
            {"index": len(self.leaves) + i, "kind": kind, "subject": f"org-{i}"}
            for i in range(count)
        ]
        datas = [encode_fact(f) for f in facts]
        size, root = append_leaves(self.store, len(self.leaves), datas)
        self.leaves.extend(datas)
        return sign_checkpoint(ORIGIN, size, root, self.signer_key)


@pytest.fixture
def log() -> FakeLog:
    return FakeLog()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _dump(tmp_path: Path, leaves: list[bytes]) -> str:
    return _write(tmp_path, "entries.json", json.dumps(entries_document(0, leaves)))


def test_entries_are_canonical_json() -> None:
    leaf = encode_fact(
        {"subject": "org-1", "kind": "k", "index": 3, "time": "2026-01-01T00:00:00Z"}
    )
    assert leaf == b'{"index":3,"kind":"k","subject":"org-1","time":"2026-01-01T00:00:00Z"}'
    assert decode_fact(leaf)["index"] == 3
    with pytest.raises(ValueError):
        decode_fact(b'{"kind": "k"}')


def test_a_good_log_verifies(log: FakeLog, tmp_path: Path, capsys) -> None:
    older = log.add(100)
    newer = log.add(57)
    key_file = _write(tmp_path, "key.txt", log.verifier_key + "\n")
    argv = [
        "--key", key_file,
        "--checkpoint", _write(tmp_path, "new.note", newer),
        "--older", _write(tmp_path, "old.note", older),
        "--entries", _dump(tmp_path, log.leaves),
        "--origin", ORIGIN,
    ]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "VERIFIED" in out and "consistency OK: size 100 is a prefix of size 157" in out


def test_a_rewritten_entry_is_detected(log: FakeLog, tmp_path: Path, capsys) -> None:
    checkpoint = log.add(40)
    leaves = list(log.leaves)
    leaves[17] = encode_fact({"index": 17, "kind": "partner.admitted", "subject": "someone-else"})
    argv = ["--key", log.verifier_key, "--checkpoint", _write(tmp_path, "c.note", checkpoint)]
    assert main([*argv, "--entries", _dump(tmp_path, leaves)]) == 1
    assert "root hash mismatch" in capsys.readouterr().err
    # Editing only the displayed fact (not the signed leaf) is caught too.
    document = entries_document(0, log.leaves)
    document["entries"][3]["fact"]["subject"] = "edited"
    dump = _write(tmp_path, "edited.json", json.dumps(document))
    assert main([*argv, "--entries", dump]) == 1
    assert "entry 3: the shown fact does not match" in capsys.readouterr().err
    # A dump missing entries cannot verify either.
    assert main([*argv, "--entries", _dump(tmp_path, log.leaves[:-1])]) == 1


def test_a_forked_checkpoint_is_detected(log: FakeLog, tmp_path: Path, capsys) -> None:
    honest = log.add(30)
    # The operator (holding the key) signs a different history of the same size.
    fork = FakeLog()
    fork.signer_key, fork.verifier_key = log.signer_key, log.verifier_key
    fork.add(29)
    forked = fork.add(1, kind="partner.declined")
    base = ["--key", log.verifier_key, "--entries", _dump(tmp_path, log.leaves)]
    checkpoint = ["--checkpoint", _write(tmp_path, "honest.note", honest)]
    assert main([*base, *checkpoint, "--older", _write(tmp_path, "fork.note", forked)]) == 1
    assert "fork: two signed checkpoints of size 30" in capsys.readouterr().err
    # An older checkpoint that is not a prefix of the current log.
    fork_older = FakeLog()
    fork_older.signer_key = log.signer_key
    fork_older.add(11)
    older = fork_older.add(1, kind="partner.terminated")
    assert main([*base, *checkpoint, "--older", _write(tmp_path, "old.note", older)]) == 1
    assert "is not a prefix of this log" in capsys.readouterr().err
    # Newer-than-current passed as "older".
    log_more = log.add(5)
    assert main([*base, *checkpoint, "--older", _write(tmp_path, "more.note", log_more)]) == 1


def test_a_bad_signature_is_detected(log: FakeLog, tmp_path: Path, capsys) -> None:
    checkpoint = log.add(10)
    dump = _dump(tmp_path, log.leaves)
    _, stranger_key = generate_key(ORIGIN)
    argv = ["--entries", dump, "--checkpoint", _write(tmp_path, "c.note", checkpoint)]
    assert main([*argv, "--key", stranger_key]) == 1
    assert "bad signature" in capsys.readouterr().err
    lines = checkpoint.split("\n")
    lines[2] = lines[2][:-2] + ("A=" if lines[2][-2] != "A" else "B=")  # alter the root
    tampered = _write(tmp_path, "t.note", "\n".join(lines))
    assert main(["--entries", dump, "--checkpoint", tampered, "--key", log.verifier_key]) == 1
    assert "bad signature" in capsys.readouterr().err


def test_bad_input_exits_with_two(log: FakeLog, tmp_path: Path) -> None:
    checkpoint = _write(tmp_path, "c.note", log.add(3))
    key = log.verifier_key
    assert main(["--key", key, "--checkpoint", checkpoint, "--entries", "/nonexistent"]) == 2
    bad = _write(tmp_path, "bad.json", '{"entries": [{"index": 0, "leaf": "***"}]}')
    assert main(["--key", key, "--checkpoint", checkpoint, "--entries", bad]) == 2
    dump = _dump(tmp_path, log.leaves)
    assert main(["--key", key[:-3], "--checkpoint", checkpoint, "--entries", dump]) == 2


def test_keygen_prints_a_usable_pair(capsys) -> None:
    assert keygen_main(["alliance.example/log"]) == 0
    signer, verifier = capsys.readouterr().out.split()
    assert signer.startswith("PRIVATE+KEY+alliance.example/log+")
    assert verifier.startswith("alliance.example/log+")


@pytest.fixture
def served_log(log: FakeLog) -> Iterator[tuple[str, FakeLog, dict[str, str]]]:
    """A tiny read API on localhost serving the fake log, paging entries by 25."""
    state = {"checkpoint": ""}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            q = {k: int(v[0]) for k, v in urllib.parse.parse_qs(url.query).items()}
            if url.path == "/transparency/checkpoint":
                body = state["checkpoint"].encode()
            elif url.path == "/transparency/entries":
                end = min(q["end"], q["start"] + 25)
                body = json.dumps(entries_document(q["start"], log.leaves[q["start"] : end]))
                body = body.encode()
            elif url.path == "/transparency/proof/consistency":
                proof = consistency_proof(log.store, q["first"], q["second"])
                body = json.dumps(consistency_proof_document(q["first"], q["second"], proof))
                body = body.encode()
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log, state
    finally:
        server.shutdown()
        server.server_close()


def test_verify_by_url(served_log, tmp_path: Path, capsys) -> None:
    url, log, state = served_log
    older = log.add(60)
    state["checkpoint"] = log.add(41)
    older_file = _write(tmp_path, "old.note", older)
    assert main(["--key", log.verifier_key, "--url", url, "--older", older_file]) == 0
    assert "served proof checked too" in capsys.readouterr().out
    # The server quietly rewrites an entry: the URL check fails.
    log.leaves[5] = encode_fact({"index": 5, "kind": "partner.admitted", "subject": "x"})
    assert main(["--key", log.verifier_key, "--url", url]) == 1
    assert "root hash mismatch" in capsys.readouterr().err
