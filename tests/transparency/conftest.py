"""Each test gets its own key directory, so signing keys never leak between tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def log_key_dir(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from alliance.transparency import keys

    monkeypatch.delenv(keys.ENV_SIGNER_KEY, raising=False)
    settings.VAR_DIR = tmp_path
    settings.ALLIANCE_BASE_URL = "https://alliance.example"
    # The start-up checks refuse a base URL whose host the site would not serve.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "alliance.example"]
    keys._cache.clear()
    return tmp_path / "keys"


@pytest.fixture
def publish(db):  # type: ignore[no-untyped-def]
    """Publish a fact in its own transaction, as an action would."""
    from django.db import transaction

    from alliance.transparency.services import publish_fact

    def _publish(kind: str, subject: str, **fact):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            return publish_fact(kind=kind, subject=subject, fact=fact)

    return _publish
