"""Save a credential with the issuer's DID document and status lists beside it, so
``alliance credentials verify FILE`` verifies it offline, with no server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alliance.credentials import issuer, status
from alliance.credentials.models import IssuedCredential, StatusList, StatusPurpose

FILE_NAMES = {"rdfc": "credential.json", "jcs": "credential-jcs.json", "jwt": "credential.jwt"}
STATUS_FILES = {
    StatusPurpose.REVOCATION: "status-list.json",
    StatusPurpose.SUSPENSION: "status-list-suspension.json",
}


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def export_bundle(credential: IssuedCredential, directory: Path, form: str = "rdfc") -> Path:
    """Write the credential (in ``form``), did.json and both status lists; return its path."""
    if form not in FILE_NAMES:
        raise ValueError(f"form must be one of {sorted(FILE_NAMES)}")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / FILE_NAMES[form]
    if form == "jwt":
        target.write_text(credential.credential_jwt + "\n", encoding="ascii")
    else:
        _write_json(
            target, credential.credential_rdfc if form == "rdfc" else credential.credential_jcs
        )
    _write_json(directory / "did.json", issuer.did_document())
    status.ensure_lists()
    for row in StatusList.objects.all():
        _write_json(directory / STATUS_FILES[StatusPurpose(row.purpose)], row.credential)
    return target
