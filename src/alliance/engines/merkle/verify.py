"""Offline verification of the whole log: signature, root, entries, consistency.

Anyone can run it from a saved checkpoint and an entries dump (no network), or
against a base URL (then, and only then, it fetches the read API with urllib).
"""

from __future__ import annotations

import hmac
import json
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from alliance.engines.merkle.checkpoint import (
    Checkpoint,
    CheckpointError,
    NoteError,
    Verifier,
    verify_checkpoint,
)
from alliance.engines.merkle.hashing import HASH_SIZE, leaf_hash
from alliance.engines.merkle.jcs import canonical_json
from alliance.engines.merkle.proofs import ProofError, verify_consistency
from alliance.engines.merkle.store import MemoryHashStore
from alliance.engines.merkle.tiles import TILE_WIDTH, tile_path
from alliance.engines.merkle.tree import append_leaves, consistency_proof, root_of, tree_hash
from alliance.engines.merkle.wire import Entry, parse_entries_document, parse_proof_hashes

Keys = str | Verifier | Iterable[str | Verifier]


class VerificationFailed(Exception):
    """The log does not verify; ``str(exc)`` is the message to show."""


class RootMismatch(VerificationFailed):
    """The entries do not hash to the signed root (which entry is unknown offline)."""


@dataclass
class Report:
    checkpoint: Checkpoint
    older: Checkpoint | None = None
    lines: list[str] = field(default_factory=list)


def _open_checkpoint(note: str, keys: Keys, what: str, origin: str | None) -> Checkpoint:
    try:
        return verify_checkpoint(note, keys, origin=origin)
    except NoteError as exc:
        raise VerificationFailed(f"{what}: bad signature: {exc}") from exc
    except CheckpointError as exc:
        raise VerificationFailed(f"{what}: {exc}") from exc


def _check_entries(entries: Sequence[Entry], size: int) -> list[bytes]:
    """The first ``size`` leaves, after checking indexes and that each fact matches its leaf."""
    by_index = sorted(entries, key=lambda e: e.index)
    for position, entry in enumerate(by_index[:size]):
        if entry.index != position:
            raise VerificationFailed(f"entries dump: expected entry {position}, got {entry.index}")
        if entry.has_fact and entry.fact is not None:
            try:
                matches = canonical_json(entry.fact) == entry.leaf
            except Exception:  # any value rfc8785 refuses is a mismatch
                matches = False
            if not matches:
                raise VerificationFailed(
                    f"entry {entry.index}: the shown fact does not match its signed leaf data"
                )
    if len(by_index) < size:
        raise VerificationFailed(
            f"entries dump holds {len(by_index)} entries but the checkpoint covers {size}"
        )
    return [e.leaf for e in by_index[:size]]


def verify_log(
    checkpoint_note: str,
    keys: Keys,
    entries: Sequence[Entry],
    older_note: str | None = None,
    origin: str | None = None,
    fetched_consistency_proof: Sequence[bytes] | None = None,
) -> Report:
    """Verify a checkpoint against the full list of entries, and optionally an older checkpoint.

    Raises ``VerificationFailed`` with a clear message on the first problem.
    """
    keys = keys if isinstance(keys, str | Verifier) else list(keys)
    checkpoint = _open_checkpoint(checkpoint_note, keys, "checkpoint", origin)
    report = Report(checkpoint)
    report.lines.append(f"signature OK: {checkpoint.origin}, tree size {checkpoint.size}")
    leaves = _check_entries(entries, checkpoint.size)
    if not hmac.compare_digest(root_of(leaves), checkpoint.root_hash):
        raise RootMismatch(
            f"root hash mismatch: the {checkpoint.size} entries do not hash to the signed root "
            "(an entry was rewritten, removed or reordered, or the checkpoint is forked)"
        )
    report.lines.append(f"root OK: {checkpoint.size} entries hash to the signed root")
    if older_note is None:
        return report

    older = _open_checkpoint(older_note, keys, "older checkpoint", origin)
    report.older = older
    if older.origin != checkpoint.origin:
        raise VerificationFailed(
            f"older checkpoint is for log {older.origin!r}, not {checkpoint.origin!r}"
        )
    if older.size > checkpoint.size:
        raise VerificationFailed(
            f"older checkpoint has size {older.size}, larger than the newer {checkpoint.size}"
        )
    if older.size == checkpoint.size and older.root_hash != checkpoint.root_hash:
        raise VerificationFailed(
            f"fork: two signed checkpoints of size {older.size} with different root hashes"
        )
    # The entries are all here, so consistency is checked twice: by recomputing the
    # older root from the prefix, and by a consistency proof built from them.
    store = MemoryHashStore()
    append_leaves(store, 0, leaves)
    if not hmac.compare_digest(tree_hash(store, older.size), older.root_hash):
        raise VerificationFailed(
            f"fork: the older checkpoint (size {older.size}) is not a prefix of this log; "
            "history was rewritten since it was signed"
        )
    proofs = [("local", consistency_proof(store, older.size, checkpoint.size))]
    if fetched_consistency_proof is not None:
        proofs.append(("served", list(fetched_consistency_proof)))
    for label, proof in proofs:
        try:
            verify_consistency(
                older.size, checkpoint.size, older.root_hash, checkpoint.root_hash, proof
            )
        except ProofError as exc:
            raise VerificationFailed(f"{label} consistency proof fails: {exc}") from exc
    report.lines.append(
        f"consistency OK: size {older.size} is a prefix of size {checkpoint.size}"
        + (" (served proof checked too)" if fetched_consistency_proof is not None else "")
    )
    return report


# --- fetching from a base URL -------------------------------------------------------------


def _get(url: str, timeout: float) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise VerificationFailed(f"only http(s) URLs can be fetched: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "alliance-log-verify"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except OSError as exc:
        raise VerificationFailed(f"could not fetch {url}: {exc}") from exc


def _get_json(url: str, timeout: float) -> Any:
    try:
        return json.loads(_get(url, timeout))
    except ValueError as exc:
        raise VerificationFailed(f"{url} did not return JSON") from exc


def fetch_entries(base_url: str, size: int, timeout: float = 30.0) -> list[Entry]:
    """Entries 0..size-1 from ``/transparency/entries``, following server-side paging."""
    base = base_url.rstrip("/")
    entries: list[Entry] = []
    while len(entries) < size:
        query = urllib.parse.urlencode({"start": len(entries), "end": size})
        try:
            page = parse_entries_document(
                _get_json(f"{base}/transparency/entries?{query}", timeout)
            )
        except ValueError as exc:
            raise VerificationFailed(f"entries response: {exc}") from exc
        if not page:
            raise VerificationFailed(f"server returned no entries from index {len(entries)}")
        entries.extend(page)
    return entries


def verify_url(
    base_url: str,
    keys: Keys,
    checkpoint_note: str | None = None,
    older_note: str | None = None,
    origin: str | None = None,
    timeout: float = 30.0,
) -> Report:
    """Like ``verify_log`` but fetching the checkpoint (unless given), entries and proof."""
    base = base_url.rstrip("/")
    if checkpoint_note is None:
        checkpoint_note = _get(f"{base}/transparency/checkpoint", timeout).decode(
            "utf-8", "replace"
        )
    keys = keys if isinstance(keys, str | Verifier) else list(keys)
    checkpoint = _open_checkpoint(checkpoint_note, keys, "checkpoint", origin)
    entries = fetch_entries(base, checkpoint.size, timeout)
    served = None
    if older_note is not None:
        older = _open_checkpoint(older_note, keys, "older checkpoint", origin)
        if 0 <= older.size <= checkpoint.size:
            query = urllib.parse.urlencode({"first": older.size, "second": checkpoint.size})
            try:
                served = parse_proof_hashes(
                    _get_json(f"{base}/transparency/proof/consistency?{query}", timeout)
                )
            except ValueError as exc:
                raise VerificationFailed(f"consistency proof response: {exc}") from exc
    try:
        return verify_log(checkpoint_note, keys, entries, older_note, origin, served)
    except RootMismatch as exc:
        index = first_unlike_tree(base, [e.leaf for e in entries], timeout)
        if index is None:
            raise
        raise VerificationFailed(
            f"entry {index}: its leaf data do not hash to the leaf hash in the server's tree; {exc}"
        ) from exc


def first_unlike_tree(base_url: str, leaves: Sequence[bytes], timeout: float = 30.0) -> int | None:
    """The first entry whose leaf hash differs from the one in the served level-0 tiles
    (C2SP tlog-tiles), to name the entry behind a root mismatch; None if all agree."""
    for tile in range(0, (len(leaves) + TILE_WIDTH - 1) // TILE_WIDTH):
        first = tile * TILE_WIDTH
        chunk = leaves[first : first + TILE_WIDTH]
        width = len(chunk)
        path = tile_path(0, tile, width)
        try:
            body = _get(f"{base_url.rstrip('/')}/transparency/{path}", timeout)
        except VerificationFailed:
            return None
        for offset, leaf in enumerate(chunk):
            held = body[offset * HASH_SIZE : (offset + 1) * HASH_SIZE]
            if not hmac.compare_digest(held, leaf_hash(leaf)):
                return first + offset
    return None
