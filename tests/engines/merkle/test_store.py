"""The SQL hash store: same tree as in memory, O(log n) row traffic, transactions respected."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest

from alliance.engines.merkle import (
    MemoryHashStore,
    SqlHashStore,
    append_leaves,
    consistency_proof,
    inclusion_proof,
    root_of,
    tree_hash,
)


class CountingStore:
    """Wraps a store and counts the hashes read and written."""

    def __init__(self, inner: MemoryHashStore) -> None:
        self.inner = inner
        self.read = 0
        self.written = 0

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        self.read += len(indexes)
        return self.inner.read_hashes(indexes)

    def append_hashes(self, start: int, hashes: Sequence[bytes]) -> None:
        self.written += len(hashes)
        self.inner.append_hashes(start, hashes)


def _datas(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


def _sqlite_store(paramstyle: str = "qmark") -> tuple[sqlite3.Connection, SqlHashStore]:
    connection = sqlite3.connect(":memory:", isolation_level="DEFERRED")
    store = SqlHashStore(connection, table="log_hash", paramstyle=paramstyle)
    store.create_table()
    connection.commit()
    return connection, store


def test_single_appends_touch_only_log_n_hashes() -> None:
    store = CountingStore(MemoryHashStore())
    size = 0
    worst_read = worst_written = 0
    for data in _datas(5000):
        store.read = store.written = 0
        size, _ = append_leaves(store, size, [data])
        worst_read = max(worst_read, store.read)
        worst_written = max(worst_written, store.written)
    # log2(5000) < 13: at most popcount(size) reads and 1 + trailing ones writes.
    assert worst_read <= 13
    assert worst_written <= 14
    assert len(store.inner.hashes) == 2 * 5000 - (5000).bit_count()


def test_proofs_read_only_log_n_hashes() -> None:
    store = CountingStore(MemoryHashStore())
    append_leaves(store, 0, _datas(5000))
    for index, size in [(0, 5000), (4999, 5000), (1234, 4321), (2048, 2049)]:
        store.read = 0
        proof = inclusion_proof(store, index, size)
        assert store.read <= 2 * 13 and len(proof) <= 13
    store.read = 0
    consistency_proof(store, 1234, 4999)
    assert store.read <= 2 * 13


@pytest.mark.parametrize("paramstyle", ["qmark", "named", "numeric"])
def test_sqlite_store_matches_memory(paramstyle: str) -> None:
    connection, sql = _sqlite_store(paramstyle)
    memory = MemoryHashStore()
    datas = _datas(777)
    size_sql = size_mem = 0
    for chunk in (datas[:1], datas[1:300], datas[300:301], datas[301:]):
        size_sql, root_sql = append_leaves(sql, size_sql, chunk)
        size_mem, root_mem = append_leaves(memory, size_mem, chunk)
        assert (size_sql, root_sql) == (size_mem, root_mem)
    connection.commit()
    assert root_sql == root_of(datas)
    assert tree_hash(sql, 500) == tree_hash(memory, 500)
    assert inclusion_proof(sql, 123, 700) == inclusion_proof(memory, 123, 700)
    assert consistency_proof(sql, 100, 777) == consistency_proof(memory, 100, 777)
    rows = connection.execute("SELECT idx, hash FROM log_hash ORDER BY idx").fetchall()
    assert [bytes(h) for _, h in rows] == memory.hashes
    assert [i for i, _ in rows] == list(range(len(memory.hashes)))


def test_rolled_back_append_leaves_no_hashes() -> None:
    connection, store = _sqlite_store()
    size, root = append_leaves(store, 0, _datas(10))
    connection.commit()
    before = connection.execute("SELECT COUNT(*) FROM log_hash").fetchone()[0]
    append_leaves(store, size, [b"a change that is then rolled back"])
    connection.rollback()
    assert connection.execute("SELECT COUNT(*) FROM log_hash").fetchone()[0] == before
    assert tree_hash(store, size) == root
    # The next real append lands where the rolled-back one would have.
    new_size, new_root = append_leaves(store, size, [b"the real next entry"])
    connection.commit()
    assert new_root == root_of([*_datas(10), b"the real next entry"])
    assert new_size == 11


def test_appending_twice_at_the_same_size_fails_loudly() -> None:
    # Two writers that skipped the log-head lock would collide on the primary key.
    _connection, store = _sqlite_store()
    append_leaves(store, 0, _datas(4))
    with pytest.raises(sqlite3.IntegrityError):
        append_leaves(store, 3, [b"x"])
    memory = MemoryHashStore()
    append_leaves(memory, 0, _datas(4))
    with pytest.raises(ValueError, match="store holds"):
        append_leaves(memory, 3, [b"x"])


def test_missing_hashes_and_bad_configuration() -> None:
    _, store = _sqlite_store()
    with pytest.raises(LookupError):
        tree_hash(store, 1)
    with pytest.raises(ValueError, match="table"):
        SqlHashStore(None, table="x; DROP TABLE y")
    with pytest.raises(ValueError, match="paramstyle"):
        SqlHashStore(None, paramstyle="weird")
