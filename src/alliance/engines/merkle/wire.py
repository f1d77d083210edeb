"""JSON shapes of the public read API, shared by the Django views and the offline verifier.

* ``GET /transparency/entries?start=N&end=M`` (``end`` exclusive):
  ``{"entries": [{"index": i, "leaf": base64(leaf data), "fact": <parsed leaf>}, ...]}``
* ``GET /transparency/proof/inclusion?index=N&tree_size=M``:
  ``{"index": N, "tree_size": M, "leaf_hash": base64, "proof": [base64, ...]}``
* ``GET /transparency/proof/consistency?first=M&second=N``:
  ``{"first": M, "second": N, "proof": [base64, ...]}``

Proof hashes are in RFC 9162 order (leaf side first).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alliance.engines.merkle.hashing import HASH_SIZE


@dataclass(frozen=True)
class Entry:
    index: int
    leaf: bytes
    fact: Any = None
    has_fact: bool = False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError(f"{what} must be a base64 string")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"{what} is not valid base64") from exc


def entries_document(
    start: int, leaf_datas: Sequence[bytes], facts: Sequence[Any] | None = None
) -> dict[str, Any]:
    """The entries response for leaves ``start .. start + len(leaf_datas) - 1``.

    ``facts`` are what the server shows for each entry (by default each leaf, parsed);
    a verifier checks each against its leaf (``verify._check_entries``)."""
    entries = []
    for offset, leaf in enumerate(leaf_datas):
        if facts is not None:
            fact = facts[offset]
        else:
            try:
                fact = json.loads(leaf)
            except ValueError:
                fact = None
        entries.append({"index": start + offset, "leaf": _b64(leaf), "fact": fact})
    return {"entries": entries}


def parse_entries_document(document: Any) -> list[Entry]:
    """Entries from an entries response or dump; ``ValueError`` if it is malformed."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ValueError('expected a JSON object with an "entries" list')
    out = []
    for item in document["entries"]:
        if not isinstance(item, dict) or not isinstance(item.get("index"), int):
            raise ValueError("each entry needs an integer index")
        leaf = _unb64(item.get("leaf"), f"entry {item['index']} leaf")
        out.append(Entry(item["index"], leaf, item.get("fact"), "fact" in item))
    return out


def inclusion_proof_document(
    index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> dict[str, Any]:
    return {
        "index": index,
        "tree_size": tree_size,
        "leaf_hash": _b64(leaf_hash),
        "proof": [_b64(h) for h in proof],
    }


def consistency_proof_document(first: int, second: int, proof: Sequence[bytes]) -> dict[str, Any]:
    return {"first": first, "second": second, "proof": [_b64(h) for h in proof]}


def parse_proof_hashes(document: Any) -> list[bytes]:
    """The ``proof`` hashes of a proof response; ``ValueError`` if malformed."""
    if not isinstance(document, dict) or not isinstance(document.get("proof"), list):
        raise ValueError('expected a JSON object with a "proof" list')
    hashes = [_unb64(h, "proof hash") for h in document["proof"]]
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ValueError("proof hashes must be 32 bytes")
    return hashes
