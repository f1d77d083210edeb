"""Bridge between the log tables and the Merkle engine (``alliance.engines.merkle``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from alliance.engines.merkle import (
    EMPTY_ROOT,
    SqlHashStore,
    append_leaves,
    consistency_proof,
    inclusion_proof,
)
from alliance.transparency.models import LogHash, LogHead

# Django's cursor wrapper always takes "%s" placeholders (sqlite and psycopg alike).
# ``connection`` is Django's per-thread proxy, so one store serves every thread.
_store = SqlHashStore(connection, table=LogHash._meta.db_table, paramstyle="format")


def hash_store() -> SqlHashStore:
    return _store


def head_root(head: LogHead) -> bytes:
    root = bytes(head.root_hash or b"")
    return root if head.size else EMPTY_ROOT


def append_to_tree(head: LogHead, leaves: Sequence[bytes]) -> None:
    """Append leaf data to the tree in the caller's transaction and move the head.

    ``head`` must have been read with ``select_for_update``; costs O(log n) rows
    per leaf (see docs/transparency-log.md).
    """
    head.size, root = append_leaves(_store, head.size, list(leaves))
    head.root_hash = root
    head.save(update_fields=["size", "root_hash", "updated_at"])


def inclusion(index: int, size: int) -> list[bytes]:
    return inclusion_proof(_store, index, size)


def consistency(first: int, second: int) -> list[bytes]:
    return consistency_proof(_store, first, second)
