"""C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tile paths, tile contents, entry bundles.

Tiles have height 8: a full tile holds 256 hashes. The tile at level L, index N
holds the hashes of the tree nodes at height 8*L numbered 256*N .. 256*N+W-1.
Those are all complete subtrees, so a tile is a straight read from the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from alliance.engines.merkle.store import HashStore
from alliance.engines.merkle.tree import stored_hash_index

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
_MAX_LEVEL = 63
_PATH = re.compile(
    r"tile/(?P<level>entries|0|[1-9][0-9]?)/(?P<index>(?:x[0-9]{3}/)*[0-9]{3})(?:\.p/(?P<width>[1-9][0-9]{0,2}))?"
)


@dataclass(frozen=True)
class TilePath:
    level: int  # -1 for an entry bundle (tile/entries/...)
    index: int
    width: int  # 1..256; 256 means a full tile

    @property
    def is_entries(self) -> bool:
        return self.level < 0

    @property
    def is_partial(self) -> bool:
        return self.width < TILE_WIDTH


def _encode_index(index: int) -> str:
    groups = []
    while True:
        groups.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    groups.reverse()
    return "/".join([*("x" + g for g in groups[:-1]), groups[-1]])


def tile_path(level: int | None, index: int, width: int = TILE_WIDTH) -> str:
    """``tile/<L>/<N>[.p/<W>]``, or ``tile/entries/<N>[.p/<W>]`` when ``level`` is None."""
    if index < 0 or not 1 <= width <= TILE_WIDTH:
        raise ValueError("tile index must be >= 0 and width 1..256")
    if level is not None and not 0 <= level <= _MAX_LEVEL:
        raise ValueError("tile level must be 0..63")
    head = "entries" if level is None else str(level)
    tail = "" if width == TILE_WIDTH else f".p/{width}"
    return f"tile/{head}/{_encode_index(index)}{tail}"


def tile_path_parse(path: str) -> TilePath:
    """Parse a tile or entry-bundle path (a leading ``/`` is allowed); ``ValueError`` if invalid."""
    match = _PATH.fullmatch(path.lstrip("/"))
    if not match:
        raise ValueError(f"not a tlog-tiles path: {path!r}")
    level_text = match["level"]
    level = -1 if level_text == "entries" else int(level_text)
    if level > _MAX_LEVEL:
        raise ValueError(f"tile level {level} out of range")
    index = int(match["index"].replace("x", "").replace("/", ""))
    width = int(match["width"]) if match["width"] else TILE_WIDTH
    if match["width"] and width >= TILE_WIDTH:
        raise ValueError("partial tile width must be 1..255")
    if tile_path(None if level < 0 else level, index, width) != path.lstrip("/"):
        raise ValueError(f"non-canonical tile path: {path!r}")
    return TilePath(level, index, width)


def available_width(size: int, level: int, index: int) -> int:
    """How many hashes tile ``index`` at ``level`` has in a tree of ``size`` (-1: entries)."""
    height = TILE_HEIGHT * max(level, 0)
    nodes_at_height = size >> height
    return max(0, min(TILE_WIDTH, nodes_at_height - index * TILE_WIDTH))


def read_tile(store: HashStore, size: int, level: int, index: int, width: int) -> bytes:
    """The tile's content: ``width`` concatenated 32-byte hashes. ``LookupError`` if not there."""
    if not 0 <= level <= _MAX_LEVEL or not 1 <= width <= TILE_WIDTH:
        raise ValueError("tile level must be 0..63 and width 1..256")
    if width > available_width(size, level, index):
        raise LookupError(f"tile {tile_path(level, index, width)} is beyond tree size {size}")
    height = TILE_HEIGHT * level
    first = index * TILE_WIDTH
    indexes = [stored_hash_index(height, first + j) for j in range(width)]
    read_range = getattr(store, "read_range", None)
    if read_range is not None:
        # SQL stores: one range scan instead of 256 bound parameters.
        got = read_range(indexes[0], indexes[-1])
        try:
            return b"".join(got[i] for i in indexes)
        except KeyError as exc:
            raise LookupError(f"stored hash {exc.args[0]} missing") from exc
    return b"".join(store.read_hashes(indexes))


def entry_bundle(leaf_datas: Iterable[bytes]) -> bytes:
    """An entry bundle: each entry as a big-endian uint16 length then its bytes."""
    parts = []
    for data in leaf_datas:
        if len(data) > 0xFFFF:
            raise ValueError("an entry in a bundle is at most 65535 bytes")
        parts.append(len(data).to_bytes(2, "big"))
        parts.append(data)
    return b"".join(parts)


def parse_entry_bundle(bundle: bytes) -> list[bytes]:
    """Split an entry bundle back into entries; ``ValueError`` if truncated."""
    entries, at = [], 0
    while at < len(bundle):
        if at + 2 > len(bundle):
            raise ValueError("truncated entry bundle")
        length = int.from_bytes(bundle[at : at + 2], "big")
        if at + 2 + length > len(bundle):
            raise ValueError("truncated entry bundle")
        entries.append(bundle[at + 2 : at + 2 + length])
        at += 2 + length
    return entries
