"""Export a credential with did.json and the status lists, then verify it with the
offline command, before and after the Board terminates the partnership."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alliance.credentials.export import export_bundle
from alliance.credentials.models import IssuedCredential
from alliance.engines.credentials.cli import main as credentials_cli
from tests.credentials.helpers import board_move

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form", ["rdfc", "jcs", "jwt"])
def test_exported_credential_verifies_offline(partnership, tmp_path, capsys, form):
    credential = IssuedCredential.objects.get(partnership=partnership)
    path = export_bundle(credential, tmp_path / "bundle", form)
    assert {p.name for p in path.parent.iterdir()} >= {
        "did.json",
        "status-list.json",
        "status-list-suspension.json",
    }
    assert credentials_cli(["verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "VERIFIED" in out and "not revoked" in out and "not suspended" in out


def test_offline_verification_after_termination_says_revoked(partnership, sam, tmp_path, capsys):
    call_command("credentials_export", "Amani Aid", "--out", str(tmp_path / "before"))
    board_move(sam, partnership, "termination")
    call_command("credentials_export", "Amani Aid", "--out", str(tmp_path / "after"))
    capsys.readouterr()
    # The credential saved before, checked against the status list saved after.
    (tmp_path / "after" / "credential.json").write_text(
        (tmp_path / "before" / "credential.json").read_text()
    )
    assert credentials_cli(["verify", str(tmp_path / "before" / "credential.json")]) == 0
    capsys.readouterr()
    assert credentials_cli(["verify", str(tmp_path / "after" / "credential.json")]) == 1
    assert "FAIL status: revoked" in capsys.readouterr().out
