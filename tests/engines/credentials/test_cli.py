"""The offline command line: check FILE and verify FILE with saved DID document and list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.engines.credentials import issue
from alliance.engines.credentials.cli import main

from .conftest import Issuer


def _save(folder: Path, issuer: Issuer, secured: dict | str) -> Path:
    (folder / "did.json").write_text(json.dumps(issuer.did_document))
    (folder / "status-list.json").write_text(json.dumps(issuer.status_list_credential()))
    path = folder / ("credential.jwt" if isinstance(secured, str) else "credential.json")
    path.write_text(secured if isinstance(secured, str) else json.dumps(secured))
    return path


@pytest.mark.parametrize("mechanism", issue.MECHANISMS)
def test_offline_verify_with_saved_did_document_and_status_list(
    tmp_path: Path, issuer: Issuer, mechanism: str, capsys: pytest.CaptureFixture[str]
) -> None:
    credential = issuer.partnership()
    path = _save(tmp_path, issuer, issue.secure(credential, issuer.key, mechanism))
    assert main(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PASS signature" in out and "PASS status" in out and "VERIFIED" in out

    issuer.status.set(int(credential["credentialStatus"]["statusListIndex"]))
    (tmp_path / "status-list.json").write_text(json.dumps(issuer.status_list_credential()))
    assert main(["verify", str(path)]) == 1
    assert "FAIL status: revoked" in capsys.readouterr().out


def test_offline_verify_with_explicit_files_and_json_output(
    tmp_path: Path, issuer: Issuer, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    path = _save(saved, issuer, issue.secure(issuer.partnership(), issuer.key, issue.JCS))
    moved = tmp_path / "elsewhere.json"
    moved.write_text(path.read_text())
    args = ["verify", str(moved), "--did", str(saved / "did.json")]
    assert main(args) == 1  # no status list available: the status check fails
    capsys.readouterr()
    args += ["--status-list", str(saved / "status-list.json"), "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["verified"] is True


def test_check_prints_each_violation_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"type": ["VerifiableCredential"], "credentialSubject": {}}))
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "violation $.@context" in out and "violation $.credentialSubject" in out

    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "issuer": "did:web:alliance.example",
                "credentialSubject": {"id": "did:example:1"},
            }
        )
    )
    assert main(["check", str(good)]) == 0
