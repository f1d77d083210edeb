"""Every read of a log entry checks its row against the leaf bytes the tree hashes.

What the site shows is decoded from ``LogEntry.leaf``. The row's other columns (the
searchable ``fact`` copy, ``index``, ``kind``, ``subject``, ``corrects``) and the leaf
itself are checked here, so a row changed behind the ORM's back shows as a failure:

* the leaf must be RFC 8785 canonical JSON whose index, kind, subject and corrects
  are the row's;
* the stored ``fact`` copy must be exactly the leaf's document;
* the leaf's RFC 9162 hash must be the leaf hash the tree holds (``LogHash``), which
  the signed checkpoints cover.

One query for the tree hashes of a whole page of entries.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from alliance.engines.merkle import canonical_json, leaf_hash
from alliance.engines.merkle.tree import stored_hash_index
from alliance.transparency.models import LogEntry, LogHash

ERR_LEAF_NOT_JSON = _("its leaf data are not canonical JSON")
ERR_COLUMNS_DIFFER = _("its stored {column} is not the one in its signed leaf data")
ERR_FACT_DIFFERS = _("its stored fact differs from its signed leaf data")
ERR_LEAF_HASH = _("its leaf data do not hash to the leaf hash the tree holds")
ERR_NO_LEAF_HASH = _("the tree holds no leaf hash for it")

FAILURE_SUMMARY = _("Integrity failure: the stored data of this entry do not match the signed log.")


def _row_problem(entry: LogEntry) -> str:
    document = entry.document
    if not document:
        return str(ERR_LEAF_NOT_JSON)
    for column in ("index", "kind", "subject", "corrects"):
        if document.get(column) != getattr(entry, column):
            return str(ERR_COLUMNS_DIFFER).format(column=column)
    try:
        same = canonical_json(entry.fact) == bytes(entry.leaf)
    except Exception:  # any value rfc8785 refuses (the column was edited)
        same = False
    return "" if same else str(ERR_FACT_DIFFERS)


def problems(entries: Iterable[LogEntry]) -> dict[int, str]:
    """``{index: problem}`` for every entry that fails a check; empty when all pass."""
    rows = list(entries)
    found = {e.index: p for e in rows if (p := _row_problem(e))}
    wanted = {stored_hash_index(0, e.index): e for e in rows if e.index not in found}
    held = {
        idx: bytes(value)
        for idx, value in LogHash.objects.filter(idx__in=list(wanted)).values_list("idx", "hash")
    }
    for idx, entry in wanted.items():
        if idx not in held:
            found[entry.index] = str(ERR_NO_LEAF_HASH)
        elif held[idx] != leaf_hash(bytes(entry.leaf)):
            found[entry.index] = str(ERR_LEAF_HASH)
    return found


def problem(entry: LogEntry) -> str:
    return problems([entry]).get(entry.index, "")


# --- The whole log, from the database (``alliance log verify --database``) -------------

CHUNK = 500


class DatabaseCheckFailed(Exception):
    """The stored log does not verify; ``str(exc)`` names the first entry that fails."""


def verify_database(keys: list[str] | None = None) -> list[str]:
    """Check every row against its leaf and the tree, the root against the head and the
    newest checkpoint, and that checkpoint's signature; the report lines, or
    ``DatabaseCheckFailed`` naming the first entry that fails.

    ``keys`` are the verifier keys to trust (default: those the checkpoints name)."""
    from alliance.engines.merkle import (
        CheckpointError,
        NoteError,
        root_of,
        verify_checkpoint,
    )
    from alliance.transparency.models import Checkpoint, LogHead
    from alliance.transparency.tree import head_root

    head = LogHead.objects.filter(id=1).first()
    size = head.size if head else 0
    leaves: list[bytes] = []
    batch: list[LogEntry] = []

    def check(rows: list[LogEntry]) -> None:
        found = problems(rows)
        for row in rows:
            if row.index in found:
                raise DatabaseCheckFailed(f"entry {row.index}: {found[row.index]}")

    for entry in LogEntry.objects.order_by("index").iterator(chunk_size=CHUNK):
        if entry.index != len(leaves):
            raise DatabaseCheckFailed(f"entry {len(leaves)}: missing (next is {entry.index})")
        leaves.append(bytes(entry.leaf))
        batch.append(entry)
        if len(batch) == CHUNK:
            check(batch)
            batch = []
    check(batch)
    lines = [f"entries OK: {len(leaves)} rows match their leaf data and the tree's leaf hashes"]
    if len(leaves) != size:
        raise DatabaseCheckFailed(f"the log head says {size} entries but {len(leaves)} are stored")
    root = root_of(leaves)
    if head is not None and root != head_root(head):
        raise DatabaseCheckFailed("the entries do not hash to the root the log head holds")
    latest = Checkpoint.objects.order_by("-id").first()
    if latest is None:
        return [*lines, "no checkpoint signed yet"]
    if keys is None:
        keys = list(Checkpoint.objects.values_list("verifier_key", flat=True).distinct())
    try:
        signed = verify_checkpoint(latest.note, keys)
    except (NoteError, CheckpointError, ValueError) as exc:
        raise DatabaseCheckFailed(f"newest checkpoint: {exc}") from exc
    if signed.size > len(leaves) or root_of(leaves[: signed.size]) != signed.root_hash:
        raise DatabaseCheckFailed(
            f"the first {signed.size} entries do not hash to the newest checkpoint's signed root"
        )
    lines.append(f"checkpoint OK: {signed.origin}, tree size {signed.size}, signature valid")
    return lines
