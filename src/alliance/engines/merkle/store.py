"""Where the tree's hashes live: the ``HashStore`` protocol and two implementations.

A store is a flat array of 32-byte hashes addressed by *stored index*: every leaf
hash and the hash of every complete subtree, in the order they become known
(see ``tree.stored_hash_index``). Nothing is ever overwritten, so the store is
append-only, just like the log. The tree size is not kept here: the caller
(the Django side keeps it on its log-head row) passes it to every function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from alliance.engines.merkle.hashing import HASH_SIZE

# SQLite allows 32766 bound variables (999 before 3.32); stay far below both.
_IN_CHUNK = 500


@runtime_checkable
class HashStore(Protocol):
    """Read hashes by stored index; append a contiguous batch."""

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        """The hashes at ``indexes``, in the same order; ``LookupError`` if one is missing."""
        ...

    def append_hashes(self, start: int, hashes: Sequence[bytes]) -> None:
        """Store ``hashes`` at stored indexes ``start``, ``start + 1``, ..."""
        ...


class MemoryHashStore:
    """A Python list. For tests, the offline verifier and benchmarks."""

    def __init__(self) -> None:
        self.hashes: list[bytes] = []

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        try:
            return [self.hashes[i] for i in indexes]
        except IndexError as exc:
            raise LookupError(f"stored hash missing (have {len(self.hashes)})") from exc

    def append_hashes(self, start: int, hashes: Sequence[bytes]) -> None:
        if start != len(self.hashes):
            raise ValueError(f"append at {start} but store holds {len(self.hashes)} hashes")
        self.hashes.extend(hashes)


def _placeholders(paramstyle: str, count: int) -> list[str]:
    if paramstyle == "qmark":
        return ["?"] * count
    if paramstyle in ("format", "pyformat"):
        return ["%s"] * count
    if paramstyle == "numeric":
        return [f":{i + 1}" for i in range(count)]
    if paramstyle == "named":
        return [f":p{i}" for i in range(count)]
    raise ValueError(f"unsupported DB-API paramstyle {paramstyle!r}")


def _params(paramstyle: str, values: Sequence[Any]) -> Sequence[Any] | dict[str, Any]:
    if paramstyle == "named":
        return {f"p{i}": v for i, v in enumerate(values)}
    return values


class SqlHashStore:
    """Hashes in a table ``(idx BIGINT PRIMARY KEY, hash BLOB/bytea)`` over a DB-API 2.0 connection.

    ``connection`` only needs ``cursor()`` (stdlib ``sqlite3``, ``psycopg``, or
    Django's ``django.db.connection`` with ``paramstyle="format"``). The store
    never commits or rolls back: appends belong to the caller's transaction, so
    a rolled-back change leaves no hashes behind. Callers must serialise appends
    (e.g. ``SELECT ... FOR UPDATE`` on the log-head row).
    """

    def __init__(self, connection: Any, table: str = "merkle_hash", paramstyle: str = "qmark"):
        if not table.replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"unsafe table name {table!r}")
        _placeholders(paramstyle, 1)  # fail early on an unknown style
        self.connection = connection
        self.table = table
        self.paramstyle = paramstyle
        self._select_cache: dict[int, str] = {}

    def create_table(self) -> None:
        """Create the table (tests and benchmarks only; Django owns the real one)."""
        cursor = self.connection.cursor()
        try:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                "(idx BIGINT PRIMARY KEY, hash BLOB NOT NULL)"
            )
        finally:
            cursor.close()

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        wanted = list(dict.fromkeys(indexes))
        found: dict[int, bytes] = {}
        cursor = self.connection.cursor()
        try:
            for at in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[at : at + _IN_CHUNK]
                cursor.execute(self._select_in(len(chunk)), _params(self.paramstyle, chunk))
                found.update(cursor.fetchall())
        finally:
            cursor.close()
        if found and not isinstance(next(iter(found.values())), bytes):
            found = {int(i): bytes(v) for i, v in found.items()}  # psycopg: memoryview
        try:
            return [found[i] for i in indexes]
        except KeyError as exc:
            raise LookupError(f"stored hash {exc.args[0]} missing from {self.table}") from exc

    def _select_in(self, count: int) -> str:
        sql = self._select_cache.get(count)
        if sql is None:
            marks = ", ".join(_placeholders(self.paramstyle, count))
            sql = f"SELECT idx, hash FROM {self.table} WHERE idx IN ({marks})"  # noqa: S608
            self._select_cache[count] = sql
        return sql

    def read_range(self, first: int, last: int) -> dict[int, bytes]:
        """All stored hashes with ``first <= idx <= last`` (one query, used for tiles)."""
        marks = _placeholders(self.paramstyle, 2)
        cursor = self.connection.cursor()
        try:
            cursor.execute(
                f"SELECT idx, hash FROM {self.table} "  # noqa: S608
                f"WHERE idx >= {marks[0]} AND idx <= {marks[1]}",
                _params(self.paramstyle, [first, last]),
            )
            return {int(idx): bytes(value) for idx, value in cursor.fetchall()}
        finally:
            cursor.close()

    def append_hashes(self, start: int, hashes: Sequence[bytes]) -> None:
        if any(len(h) != HASH_SIZE for h in hashes):
            raise ValueError("hashes must be 32 bytes")
        marks = ", ".join(_placeholders(self.paramstyle, 2))
        sql = f"INSERT INTO {self.table} (idx, hash) VALUES ({marks})"  # noqa: S608
        # A list, not a generator: Django's debug cursor calls len() on executemany params.
        rows = [_params(self.paramstyle, (start + offset, h)) for offset, h in enumerate(hashes)]
        cursor = self.connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
