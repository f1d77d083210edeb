"""The alliance as issuer: its did:web identifier, its DID document and its signing key.

Secret keys never touch the database or the repository. The active key's secret comes
from the ALLIANCE_ISSUER_KEY environment variable (a multibase Ed25519 secret key) when
its public half matches, or else from a key file under ``settings.VAR_DIR / "keys"``
(mode 0600), named after the public key so concurrent processes never clash. The first
signature generates the first key; it is also kept as ``keys/issuer.secret`` (a hard
link), so a fresh database on the same server takes it up again.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.credentials.models import IssuerKey, IssuerState
from alliance.engines.credentials import did, loader
from alliance.engines.credentials.dataintegrity import utc_timestamp
from alliance.engines.credentials.keys import SigningKey

FIRST_KEY_FILE = "issuer.secret"
ENV_SECRET = "ALLIANCE_ISSUER_KEY"  # noqa: S105 - the variable name, not a secret
ERR_NO_SECRET = _("The secret of the active issuer key {fragment} is not available on this server.")


class IssuerKeyUnavailable(RuntimeError):
    pass


def base_url() -> str:
    return str(settings.ALLIANCE_BASE_URL).rstrip("/")


def issuer_did() -> str:
    """``did:web`` of the site's host (and port, encoded as %3A), e.g. did:web:127.0.0.1%3A8000."""
    parts = urlsplit(base_url())
    path = [p for p in parts.path.split("/") if p]
    return did.did_web(parts.netloc, *path)


def context_url() -> str:
    """The alliance's JSON-LD context, served by this site at ``<base>/ns/credentials/v1``
    (and pinned in the local loader, so issuing and verifying never fetch it)."""
    return loader.pin_alliance_context(base_url())


def expires_stamp(retired_at: datetime) -> str:
    """``expires`` of a key retired at ``retired_at``: the next whole second, since proofs
    carry whole seconds and everything the key signed came before its retirement."""
    whole = retired_at.replace(microsecond=0)
    return utc_timestamp(whole + timedelta(seconds=1) if retired_at.microsecond else whole)


def published_keys() -> list[did.PublishedKey]:
    return [
        did.PublishedKey(
            k.fragment,
            k.public_key_multibase,
            active=k.active,
            expires=expires_stamp(k.retired_at) if k.retired_at else None,
        )
        for k in IssuerKey.objects.order_by("created_at", "pk")
    ]


def did_document() -> dict[str, Any]:
    return did.build_did_document(issuer_did(), published_keys())


def key_dir() -> Path:
    return Path(settings.VAR_DIR) / "keys"


def _key_file(public_key_multibase: str) -> Path:
    return key_dir() / f"{public_key_multibase}.secret"


def _pending_file(public_key_multibase: str) -> Path:
    return key_dir() / f"{public_key_multibase}.secret.pending"


def _write_0600(path: Path, text: str) -> None:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    # Created 0600 from the start: the secret is never readable by others, even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")


def _stage_secret(key: SigningKey, *, first: bool) -> None:
    """Write the secret as ``<public>.secret.pending`` before its row is inserted, and
    rename it to ``<public>.secret`` when the transaction commits. A rolled-back key
    leaves only a pending file, which ``sweep_pending`` removes under the issuer lock;
    a crash right after the commit still leaves the secret readable (pending)."""
    _write_0600(_pending_file(key.public_key_multibase), key.secret_key_multibase)

    def confirm() -> None:
        pending = _pending_file(key.public_key_multibase)
        if pending.exists():
            os.replace(pending, _key_file(key.public_key_multibase))
        if first:
            _keep_as_first(key)

    transaction.on_commit(confirm)


def sweep_pending() -> list[Path]:
    """Remove pending secrets whose key row never committed. Call with the issuer lock
    held (``lock``), so no other key is being created meanwhile."""
    folder = key_dir()
    if not folder.exists():
        return []
    known = set(IssuerKey.objects.values_list("public_key_multibase", flat=True))
    removed = []
    for path in folder.glob("*.secret.pending"):
        public = path.name.removesuffix(".secret.pending")
        if public in known:
            os.replace(path, _key_file(public))  # committed, but the rename was lost
        else:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def lock() -> None:
    """Serialise every change to the issuer keys (inside the caller's transaction)."""
    updated = IssuerState.objects.filter(id=1).update(changed_at=timezone.now())
    if not updated:  # a database migrated before the row existed
        IssuerState.objects.get_or_create(id=1)
        IssuerState.objects.filter(id=1).update(changed_at=timezone.now())


def _env_key(verification_method: str) -> SigningKey | None:
    secret = os.environ.get(ENV_SECRET, "").strip()
    return SigningKey.from_secret_multibase(verification_method, secret) if secret else None


def _load_secret(row: IssuerKey) -> SigningKey:
    method = f"{issuer_did()}#{row.fragment}"
    from_env = _env_key(method)
    if from_env is not None and from_env.public_key_multibase == row.public_key_multibase:
        return from_env
    for path in (_key_file(row.public_key_multibase), _pending_file(row.public_key_multibase)):
        if path.exists():
            secret = path.read_text(encoding="ascii").strip()
            key = SigningKey.from_secret_multibase(method, secret)
            if key.public_key_multibase == row.public_key_multibase:
                return key
    raise IssuerKeyUnavailable(ERR_NO_SECRET.format(fragment=row.fragment))


def next_fragment() -> str:
    numbers = [
        int(f.removeprefix("key-"))
        for f in IssuerKey.objects.values_list("fragment", flat=True)
        if f.startswith("key-") and f.removeprefix("key-").isdigit()
    ]
    return f"key-{max(numbers, default=0) + 1}"


def _adopt_first_key(verification_method: str) -> SigningKey | None:
    """The key kept as ``keys/issuer.secret``, so a fresh database (a reset, a test run)
    takes up the same first key instead of minting another."""
    path = key_dir() / FIRST_KEY_FILE
    if not path.exists():
        return None
    return SigningKey.from_secret_multibase(verification_method, path.read_text("ascii").strip())


def _keep_as_first(key: SigningKey) -> None:
    """Publish ``key`` as the first key unless another process already did (atomic link)."""
    source = _key_file(key.public_key_multibase)
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.link(source, key_dir() / FIRST_KEY_FILE)


def new_key(fragment: str) -> tuple[SigningKey, IssuerKey]:
    """Generate (or, for the first key, take from the environment or the kept first key)
    a key, stage its secret, and record its public half. Call with ``lock`` held."""
    method = f"{issuer_did()}#{fragment}"
    first = not IssuerKey.objects.exists()
    from_env = _env_key(method) if first else None
    key = from_env or (_adopt_first_key(method) if first else None)
    if key is None:
        key = SigningKey.generate(method)
    if from_env is not None:
        pass  # the secret lives in the environment only
    elif not _key_file(key.public_key_multibase).exists():
        _stage_secret(key, first=first)
    elif first:
        transaction.on_commit(lambda: _keep_as_first(key))
    row = IssuerKey.objects.create(
        fragment=fragment, public_key_multibase=key.public_key_multibase, active=True
    )
    return key, row


@transaction.atomic
def signing_key() -> tuple[SigningKey, IssuerKey]:
    """The active key and its row; the first call creates the first key."""
    row = IssuerKey.objects.select_for_update().filter(active=True).first()
    if row is None:
        lock()
        row = IssuerKey.objects.filter(active=True).first()  # another may have won
        if row is None:
            sweep_pending()
            return new_key(next_fragment())
    return _load_secret(row), row
