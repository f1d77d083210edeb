"""The log's Ed25519 signing key: never in the repository.

Read from the environment (``ALLIANCE_LOG_SIGNER_KEY``, a C2SP signer key string)
or from ``<VAR_DIR>/keys/log_signer.key`` (mode 0600), generated on first use.
Rotation writes a new key file once the rotating transaction commits; the old
one is kept under ``keys/retired/`` so past checkpoints stay explainable.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from alliance.engines.merkle import Signer, generate_key

ENV_SIGNER_KEY = "ALLIANCE_LOG_SIGNER_KEY"
_cache: dict[tuple[str, int], Signer] = {}


def log_origin() -> str:
    """The checkpoint origin line, e.g. ``alliance.example/alliance/log``."""
    configured = getattr(settings, "ALLIANCE_LOG_ORIGIN", "") or os.environ.get(
        "ALLIANCE_LOG_ORIGIN", ""
    )
    if configured:
        return configured
    host = urlsplit(settings.ALLIANCE_BASE_URL).netloc or "localhost"
    return f"{host}/alliance/log"


def key_dir() -> Path:
    return Path(settings.VAR_DIR) / "keys"


def key_path() -> Path:
    return key_dir() / "log_signer.key"


def key_from_environment() -> bool:
    return bool(os.environ.get(ENV_SIGNER_KEY, "").strip())


def _write_secret(path: Path, text: str, *, exclusive: bool) -> None:
    """Write ``text`` readable by the owner only (0600 from the first byte).

    The file appears whole or not at all: written beside it, then linked
    (``exclusive``: fails with ``FileExistsError`` if it exists) or renamed.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        if exclusive:
            os.link(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def current_signer() -> Signer:
    """The signer in force, generating the key file on first use."""
    env_key = os.environ.get(ENV_SIGNER_KEY, "").strip()
    if env_key:
        return _parse_cached(env_key, 0)
    path = key_path()
    if not path.exists():
        signer_key, _ = generate_key(log_origin())
        # If another process wins the race, use its key.
        with contextlib.suppress(FileExistsError):
            _write_secret(path, signer_key, exclusive=True)
    stat = path.stat()
    return _parse_cached(path.read_text(encoding="utf-8").strip(), stat.st_mtime_ns)


def _parse_cached(text: str, stamp: int) -> Signer:
    key = (text, stamp)
    signer = _cache.get(key)
    if signer is None:
        _cache.clear()
        signer = _cache[key] = Signer.from_key(text)
    return signer


def new_signer() -> Signer:
    """A fresh signer named after the log origin (not yet in force)."""
    signer_key, _ = generate_key(log_origin())
    return Signer.from_key(signer_key)


def pending_path() -> Path:
    return key_dir() / "log_signer.key.pending"


def stage_signer(signer: Signer) -> None:
    """Write the new key beside the current one; ``install_staged`` puts it in force."""
    _write_secret(pending_path(), str(signer), exclusive=False)


def install_staged(old: Signer) -> None:
    """Retire the old key file and put the staged one in force (after commit)."""
    retired = key_dir() / "retired" / f"{old.key_id:08x}.key"
    if key_path().exists():
        _write_secret(retired, key_path().read_text(encoding="utf-8").strip(), exclusive=False)
    os.replace(pending_path(), key_path())
    _cache.clear()
