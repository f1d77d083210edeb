"""A JSON-LD document loader that serves pinned local copies and never touches the network.

pyld asks the loader for every remote context. Each pinned file is parsed once and
kept in memory; pyld additionally keeps its own cache of processed contexts, so
repeated expansion / canonicalisation does not re-process the context text.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
ALLIANCE_V1 = "https://alliance.example/ns/credentials/v1"
CITIZENSHIP_V4RC1 = "https://w3id.org/citizenship/v4rc1"

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

PINNED_FILES: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    EXAMPLES_V2: "credentials-examples-v2.jsonld",
    ALLIANCE_V1: "alliance-v1.jsonld",
    # Needed by the W3C eddsa-rdfc-2022 "employ" test vector.
    CITIZENSHIP_V4RC1: "citizenship-v4rc1.jsonld",
}


class ContextNotPinnedError(ValueError):
    """Raised for any URL that is not one of the pinned contexts."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not pinned locally; Alliance never fetches "
            f"contexts at run time (pinned: {', '.join(sorted(PINNED_FILES))})"
        )
        self.url = url


@cache
def _pinned_document(url: str) -> dict[str, Any]:
    return json.loads((CONTEXTS_DIR / PINNED_FILES[url]).read_text(encoding="utf-8"))


def pinned_context(url: str) -> dict[str, Any]:
    """The parsed pinned context for ``url`` (a fresh copy the caller may change)."""
    if url not in PINNED_FILES:
        raise ContextNotPinnedError(url)
    return copy.deepcopy(_pinned_document(url))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the pinned copy of ``url`` or a clear error."""
    # Tolerate a trailing fragment or slash variant only if it names the same pinned file.
    key = url.rstrip("#")
    if key not in PINNED_FILES:
        raise ContextNotPinnedError(url)
    # pyld does not mutate the returned document, so the cached parse is shared.
    return {
        "contextUrl": None,
        "documentUrl": key,
        "document": _pinned_document(key),
        "contentType": "application/ld+json",
    }
