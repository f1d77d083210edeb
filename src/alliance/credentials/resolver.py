"""Resolve the alliance's own did:web and status lists from the database — no HTTP to
ourselves. Anything else resolves only if it needs no network (did:key)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from alliance.credentials import issuer, status
from alliance.credentials.models import StatusList
from alliance.engines.credentials.verify import StaticResolver, VerificationResult, verify


class DatabaseResolver(StaticResolver):
    def did_document(self, did_value: str) -> Mapping[str, Any]:
        if did_value == issuer.issuer_did():
            if did_value not in self.did_documents:  # one lookup per verification
                self.did_documents[did_value] = issuer.did_document()
            return self.did_documents[did_value]
        return super().did_document(did_value)

    def status_list_credential(self, url: str) -> Mapping[str, Any] | str:
        purpose = status.purpose_of_url(url)
        if purpose is None:
            return super().status_list_credential(url)
        if url not in self.status_lists:
            row = StatusList.objects.filter(purpose=purpose).first()
            if row is None:
                raise LookupError(f"the {purpose} status list has not been published yet")
            self.status_lists[url] = row.credential
        return self.status_lists[url]


def verify_document(
    document: Mapping[str, Any] | str,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify a credential or presentation (dict or vc+jwt/vp+jwt string) against our records."""
    issuer.context_url()  # pin our context for this base URL before any JSON-LD work
    options: dict[str, Any] = {"challenge": challenge, "domain": domain}
    if now is not None:
        options["now"] = now
    return verify(document, DatabaseResolver(), **options)
