"""Shared fixtures: an issuer with a did:web document, a status list, a resolver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from alliance.engines.credentials import did, issue, statuslist
from alliance.engines.credentials.keys import SigningKey
from alliance.engines.credentials.verify import StaticResolver

ISSUER = did.did_web("alliance.example")
BASE_URL = "https://alliance.example"
LIST_URL = "https://alliance.example/credentials/status/1"


@dataclass
class Issuer:
    """The alliance as an issuer, the way the Django side will drive the engine."""

    key: SigningKey
    published: list[did.PublishedKey]
    status: statuslist.StatusList = field(default_factory=statuslist.StatusList)
    used: set[int] = field(default_factory=set)

    @property
    def did_document(self) -> dict[str, Any]:
        return did.build_did_document(ISSUER, self.published)

    def status_list_credential(self) -> dict[str, Any]:
        unsigned = statuslist.status_list_credential(LIST_URL, ISSUER, self.status)
        secured = issue.secure(unsigned, self.key, issue.RDFC)
        assert isinstance(secured, dict)
        return secured

    def resolver(self) -> StaticResolver:
        return StaticResolver(
            {ISSUER: self.did_document}, {LIST_URL: self.status_list_credential()}
        )

    def partnership(self, **overrides: Any) -> dict[str, Any]:
        index = statuslist.allocate_index(self.used)
        self.used.add(index)
        now = datetime.now(UTC)
        values: dict[str, Any] = {
            "base_url": BASE_URL,
            "issuer": ISSUER,
            "organisation_id": "did:web:acme.example",
            "legal_name": "Acme Identity Foundation",
            "tier": "partner-b",
            "founding_partner": True,
            "since": date(2020, 1, 15),
            "valid_from": now - timedelta(days=1),
            "valid_until": now + timedelta(days=365),
            "status": statuslist.status_entry(LIST_URL, index),
        }
        values.update(overrides)
        return issue.partnership_credential(**values)

    def rotate(self) -> SigningKey:
        fragment = f"key-{len(self.published) + 1}"
        new_key = SigningKey.generate(f"{ISSUER}#{fragment}")
        self.published = did.rotate(self.published, fragment, new_key.public_key_multibase)
        self.key = new_key
        return new_key


@pytest.fixture
def issuer() -> Issuer:
    key = SigningKey.generate(f"{ISSUER}#key-1")
    return Issuer(key, [did.PublishedKey("key-1", key.public_key_multibase, active=True)])
