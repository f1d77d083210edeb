"""C2SP tlog-tiles paths, tile contents and entry bundles."""

from __future__ import annotations

import sqlite3

import pytest

from alliance.engines.merkle import (
    MemoryHashStore,
    SqlHashStore,
    append_leaves,
    entry_bundle,
    leaf_hash,
    read_tile,
    tile_path,
    tile_path_parse,
)
from alliance.engines.merkle.tiles import TilePath, available_width, parse_entry_bundle
from tests.engines.merkle.reference import mth_factory


@pytest.mark.parametrize(
    ("path", "parsed"),
    [
        # Examples from c2sp.org/tlog-tiles.
        ("tile/1/x001/x234/067", TilePath(1, 1234067, 256)),
        ("tile/0/x001/x234/067.p/8", TilePath(0, 1234067, 8)),
        ("tile/entries/x001/x234/067", TilePath(-1, 1234067, 256)),
        ("tile/0/000", TilePath(0, 0, 256)),
        ("tile/entries/000.p/1", TilePath(-1, 0, 1)),
        ("/tile/3/x010/000.p/255", TilePath(3, 10000, 255)),
    ],
)
def test_tile_paths_round_trip(path: str, parsed: TilePath) -> None:
    assert tile_path_parse(path) == parsed
    level = None if parsed.is_entries else parsed.level
    assert tile_path(level, parsed.index, parsed.width) == path.lstrip("/")


@pytest.mark.parametrize(
    "bad",
    [
        "tile/0/1",
        "tile/0/x000/001",  # leading zero group
        "tile/0/001/002",  # non-final group without x
        "tile/0/001.p/0",
        "tile/0/001.p/256",
        "tile/0/001.p/08",
        "tile/64/000",
        "tile/01/000",
        "tile/data/000",
        "tile/0/000/",
    ],
)
def test_bad_tile_paths_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        tile_path_parse(bad)


def test_tile_contents_are_the_level_hashes() -> None:
    datas = [f"e{i}".encode() for i in range(70000)]
    store = MemoryHashStore()
    size, _ = append_leaves(store, 0, datas)
    mth = mth_factory(datas)
    # Level 0: leaf hashes.
    full = read_tile(store, size, 0, 3, 256)
    assert full == b"".join(leaf_hash(d) for d in datas[768:1024])
    # Level 1: hashes of 256-leaf subtrees; tile 0 is partial (70000 // 256 = 273 > 256).
    assert available_width(size, 1, 1) == 273 - 256
    level1 = read_tile(store, size, 1, 1, 17)
    assert level1 == b"".join(mth(i * 256, (i + 1) * 256) for i in range(256, 273))
    # Level 2: one hash per 65536 leaves.
    assert read_tile(store, size, 2, 0, 1) == mth(0, 65536)
    assert available_width(size, 0, 273) == 70000 - 273 * 256
    with pytest.raises(LookupError):
        read_tile(store, size, 1, 1, 18)
    with pytest.raises(LookupError):
        read_tile(store, size, 2, 0, 2)


def test_sql_tile_read_matches_memory() -> None:
    datas = [f"e{i}".encode() for i in range(1000)]
    memory = MemoryHashStore()
    append_leaves(memory, 0, datas)
    connection = sqlite3.connect(":memory:")
    sql = SqlHashStore(connection)
    sql.create_table()
    append_leaves(sql, 0, datas)
    for level, index, width in [(0, 0, 256), (0, 3, 1000 - 768), (1, 0, 3)]:
        assert read_tile(sql, 1000, level, index, width) == read_tile(
            memory, 1000, level, index, width
        )


def test_entry_bundle_round_trip() -> None:
    entries = [b"", b"a", b"x" * 300, bytes(range(256))]
    bundle = entry_bundle(entries)
    assert bundle[:3] == b"\x00\x00\x00" and bundle[3] == 1
    assert parse_entry_bundle(bundle) == entries
    with pytest.raises(ValueError):
        parse_entry_bundle(bundle[:-1])
    with pytest.raises(ValueError):
        entry_bundle([b"x" * 65536])
