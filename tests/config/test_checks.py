"""Start-up checks: the configuration and the stored state agree (issue 14, item 5)."""

from __future__ import annotations

import pytest
from django.db import transaction

from alliance.config import checks
from alliance.transparency import keys
from alliance.transparency.models import Checkpoint
from alliance.transparency.services import publish_fact
from tests.factories import admitted_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv(keys.ENV_SIGNER_KEY, raising=False)
    monkeypatch.delenv("ALLIANCE_ISSUER_KEY", raising=False)
    settings.VAR_DIR = tmp_path
    settings.ALLIANCE_BASE_URL = "https://alliance.example"
    settings.ALLOWED_HOSTS = ["alliance.example"]
    keys._cache.clear()


def _ids() -> list[str]:
    return [m.id for m in checks.startup_errors()]


def _publish() -> None:
    with transaction.atomic():
        publish_fact(kind="test.fact", subject="t:1", fact={"n": 1})


def test_a_consistent_site_passes() -> None:
    assert _ids() == []  # an empty log: nothing stored to disagree with
    _publish()
    assert _ids() == []


def test_a_missing_log_key_stops_the_start_and_no_key_is_made() -> None:
    _publish()
    keys.key_path().unlink()
    keys._cache.clear()
    errors = checks.startup_errors()
    assert [e.id for e in errors] == ["alliance.E011"]
    assert str(keys.key_path()) in errors[0].msg
    assert Checkpoint.objects.order_by("-id").first().verifier_key in errors[0].msg
    assert not keys.key_path().exists()  # the check never generates a key


def test_another_log_key_stops_the_start() -> None:
    _publish()
    keys.key_path().write_text(str(keys.new_signer()) + "\n")
    keys._cache.clear()
    assert _ids() == ["alliance.E012"]


def test_a_changed_base_url_stops_the_start(settings) -> None:
    _publish()
    settings.ALLIANCE_BASE_URL = "https://other.example"
    settings.ALLOWED_HOSTS = ["other.example"]
    errors = checks.startup_errors()
    assert [e.id for e in errors] == ["alliance.E010"]
    assert "alliance.example/alliance/log" in errors[0].msg


def test_a_base_url_the_site_does_not_answer_for(settings) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]
    assert _ids() == ["alliance.E001"]


def test_a_log_origin_for_another_host(settings) -> None:
    settings.ALLIANCE_LOG_ORIGIN = "elsewhere.example/alliance/log"
    assert _ids() == ["alliance.E002"]


def test_issued_credentials_pin_the_did_web_host(settings, alice, sam) -> None:
    admitted_partnership(alice, sam)
    assert _ids() == []
    settings.ALLIANCE_BASE_URL = "https://other.example"
    settings.ALLOWED_HOSTS = ["other.example"]
    ids = _ids()
    assert "alliance.E020" in ids and "alliance.E010" in ids


def test_an_issuer_key_without_its_secret_stops_the_start(settings, alice, sam) -> None:
    admitted_partnership(alice, sam)
    # A secret is "<public>.secret" once its row commits, "<public>.secret.pending" before.
    for pattern in ("*.secret", "*.secret.pending"):
        for path in keys.key_dir().glob(pattern):
            path.unlink()
    assert _ids() == ["alliance.E021"]


def test_django_check_reports_the_same(settings) -> None:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    _publish()
    keys.key_path().unlink()
    keys._cache.clear()
    call_command("check")  # the configuration alone is fine
    with pytest.raises(SystemCheckError, match=r"alliance\.E011"):
        call_command("check", "--database", "default")
