"""On-disk cache of built screeners, keyed by the lists' content and the engine version.

The folder comes in as an argument (engines import no Django): the command-line tool
uses ~/.cache/alliance, the site its var folder (alliance.screening.engine)."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from .given_names import remember_given_names
from .heap import freeze_long_lived
from .matcher import Screener

# Bump when normalisation, index or scoring change: old caches are then ignored.
# screening-9: list word weights (generic words, a distinctive word required), native-script
# legal forms, INV and RES. screening-10: common names on the lists do not confirm a person.
# screening-11: rows keep their words sorted for the tie-break; batch candidate kernels;
# country names are generic words. screening-12: across scripts, a person's name agreeing
# beyond common names only through consonant skeletons, or a name of one Han character,
# stays below the threshold. screening-13: entries keep name parts (ListEntry.name_parts);
# queries get re-spaced readings; loose distinctive person names cost. screening-14: two
# different given names, abjad written vowels out of place, and a lone listed given name
# lower a person's score; sound-alike organisation words share no distinctive word; legal
# forms written short or with a word left out (JOINT STOCK CO) are legal forms.
# screening-15: organisation typos counted on the words as written (typo readings); a
# person's word cut off a two-letter part; an abjad's written long vowels must fit.
# screening-16: the respacing keys carry their shapes (made at build; scores unchanged).
# screening-17: a person's typo or sound between two words the lists know, a first vowel
# one script writes and the other does not, two given names across alphabets.
# screening-18: two different given names in one script agree in nothing (a substituted
# part); Abd pairs with no given name of its own (Abdi, Abid, Abbas).
ENGINE_VERSION = "screening-18"


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

    def build() -> Screener:
        from .loaders import load_list

        return Screener.from_entries(entry for path in files for entry in load_list(path).entries)

    return stored_screener(directory or cache_dir(), lists_digest(files), build)


# --- Built once, shared between processes ----------------------------------------------
# A stored screener is a folder: its numpy arrays as .npy files, memory-mapped read-only
# by every process that opens it (the operating system keeps one copy of their pages),
# and the rest (entries, vocabulary) as a pickle that refers to them. Folders appear
# whole or not at all (written under a temporary name, then renamed).

STORE_PREFIX = "screener-"
KEEP_STORED = 4  # newest folders kept; older ones are removed after a new one is written
_INLINE_BYTES = 1024  # smaller arrays stay in the pickle


def content_key(digests: Sequence[str]) -> str:
    """The store key of a screener over list versions with these content ``digests``
    (in the order their entries are given), for this engine version."""
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for part in digests:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def stored_screener(directory: Path, key: str, build: Callable[[], Screener]) -> Screener:
    """The screener stored under ``key`` in ``directory``; built by ``build()`` and stored
    first if there is none (or it cannot be read)."""
    screener = open_screener(directory, key)
    if screener is not None:
        return screener
    screener = build()
    store_screener(directory, key, screener)
    return screener


def open_screener(directory: Path, key: str) -> Screener | None:
    folder = directory / f"{STORE_PREFIX}{key}"
    try:
        with open(folder / "screener.pickle", "rb") as handle:
            screener = _Unpickler(handle, folder).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None  # none yet, or from an older engine: rebuilt
    if not isinstance(screener, Screener):
        return None
    rows = screener.rows
    # The listed words' given-name ids, found at build, answer the explanations' lookups
    # of them (a fresh process's memo is empty; rigour takes ~50 µs a word).
    written = {w: len(rows.text) + k for k, w in enumerate(rows.written)}
    remember_given_names((rows.vocab, written), rows.word_given, rows.given_sets)
    freeze_long_lived(len(screener.rows))  # as a build does
    return screener


def store_screener(directory: Path, key: str, screener: Screener) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    folder = directory / f"{STORE_PREFIX}{key}"
    partial = Path(tempfile.mkdtemp(prefix=f".{STORE_PREFIX}", dir=directory))
    try:
        with open(partial / "screener.pickle", "wb") as handle:
            _Pickler(handle, partial).dump(screener)
        try:
            partial.rename(folder)
        except OSError:
            if open_screener(directory, key) is None:  # a broken one: replace it
                shutil.rmtree(folder, ignore_errors=True)
                try:
                    partial.rename(folder)
                except OSError:  # replaced meanwhile by another process
                    shutil.rmtree(partial, ignore_errors=True)
            else:  # another process stored the same screener first: keep theirs
                shutil.rmtree(partial, ignore_errors=True)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _remove_old(directory, keep=folder)
    return folder


def _remove_old(directory: Path, keep: Path) -> None:
    """Only the newest KEEP_STORED folders stay (a process that mapped an older one keeps
    its pages until it lets go of them)."""
    stored = sorted(
        (p for p in directory.glob(f"{STORE_PREFIX}*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in stored[KEEP_STORED - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


class _Pickler(pickle.Pickler):
    """Pickles a screener with its large arrays written beside it as .npy files."""

    def __init__(self, handle: BinaryIO, folder: Path) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.folder = folder
        self.count = 0

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) is np.ndarray and obj.dtype != object and obj.nbytes >= _INLINE_BYTES:
            name = f"a{self.count}.npy"
            self.count += 1
            np.save(self.folder / name, obj, allow_pickle=False)
            return name
        return None


class _Unpickler(pickle.Unpickler):
    """Maps each array back read-only from its .npy file instead of reading it."""

    def __init__(self, handle: BinaryIO, folder: Path) -> None:
        super().__init__(handle)
        self.folder = folder

    def persistent_load(self, pid: Any) -> np.ndarray:
        name = str(pid)
        if "/" in name or not name.endswith(".npy"):
            raise pickle.UnpicklingError(f"not an array of this store: {name!r}")
        mapped = np.load(self.folder / name, mmap_mode="r", allow_pickle=False)
        return mapped.view(np.ndarray)  # a plain read-only array over the mapped pages
