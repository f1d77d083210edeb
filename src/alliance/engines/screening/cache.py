"""On-disk cache of built screeners, keyed by the list files' bytes and the engine version."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from .matcher import Screener

# Bump when normalisation, index or scoring change: old caches are then ignored.
# screening-9: list word weights (generic words, a distinctive word required), native-script
# legal forms, INV and RES. screening-10: common names on the lists do not confirm a person.
# screening-11: rows keep their words sorted for the tie-break; batch candidate kernels;
# country names are generic words. screening-12: across scripts, a person's name agreeing
# beyond common names only through consonant skeletons, or a name of one Han character,
# stays below the threshold. screening-13: entries keep name parts (ListEntry.name_parts);
# queries get re-spaced readings; loose distinctive person names cost.
ENGINE_VERSION = "screening-13"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alliance"


def lists_digest(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for path in paths:
        digest.update(b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def load_screener(paths: Sequence[str | Path], directory: Path | None = None) -> Screener:
    """The screener over ``paths``, from the cache while the files are unchanged."""
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"list file not found: {path}")
    where = (directory or cache_dir()) / f"screener-{lists_digest(files)}.pickle"
    if where.is_file():
        try:
            with open(where, "rb") as handle:
                # Our own cache file, written below by this user; never downloaded.
                cached = pickle.load(handle)  # noqa: S301
            if isinstance(cached, Screener):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or broken cache is rebuilt
    from .loaders import load_list

    entries = [entry for path in files for entry in load_list(path).entries]
    screener = Screener.from_entries(entries)
    where.parent.mkdir(parents=True, exist_ok=True)
    partial = where.with_suffix(f".{os.getpid()}.tmp")
    with open(partial, "wb") as handle:
        pickle.dump(screener, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(where)
    return screener
