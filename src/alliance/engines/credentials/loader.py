"""A JSON-LD document loader that serves pinned local copies and never touches the network.

pyld asks the loader for every remote context. Each pinned file is parsed once and
kept in memory; pyld additionally keeps its own cache of processed contexts, so
repeated expansion / canonicalisation does not re-process the context text.

The alliance's own context lives on the alliance's own site, at
``<base URL>/ns/credentials/v1`` (``alliance_context_url``), with its terms under
``<base URL>/ns/credentials#``; the site serves exactly ``alliance_context_bytes`` there.
Whoever issues or verifies for a base URL pins it first (``pin_alliance_context``), so
this loader still never fetches anything.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
CITIZENSHIP_V4RC1 = "https://w3id.org/citizenship/v4rc1"

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

PINNED_FILES: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    EXAMPLES_V2: "credentials-examples-v2.jsonld",
    # Needed by the W3C eddsa-rdfc-2022 "employ" test vector.
    CITIZENSHIP_V4RC1: "citizenship-v4rc1.jsonld",
}


ALLIANCE_CONTEXT_PATH = "/ns/credentials/v1"
ALLIANCE_VOCAB_PATH = "/ns/credentials#"
ALLIANCE_TEMPLATE = "alliance-v1.template.jsonld"
CONTEXT_MEDIA_TYPE = "application/ld+json"

# Contexts pinned at run time (the alliance's, per base URL): url -> (served bytes, parsed).
_RUNTIME: dict[str, tuple[bytes, dict[str, Any]]] = {}


def alliance_context_url(base_url: str) -> str:
    return base_url.rstrip("/") + ALLIANCE_CONTEXT_PATH


@cache
def alliance_context_bytes(base_url: str) -> bytes:
    """The alliance context for ``base_url``, byte for byte as the site serves it."""
    template = (CONTEXTS_DIR / ALLIANCE_TEMPLATE).read_text(encoding="utf-8")
    vocab = base_url.rstrip("/") + ALLIANCE_VOCAB_PATH
    return template.replace("@VOCAB@", vocab).encode("utf-8")


def pin_alliance_context(base_url: str) -> str:
    """Pin the alliance context of ``base_url`` in this loader; returns its URL."""
    url = alliance_context_url(base_url)
    if url not in _RUNTIME:
        data = alliance_context_bytes(base_url)
        _RUNTIME[url] = (data, json.loads(data))
    return url


class ContextNotPinnedError(ValueError):
    """Raised for any URL that is not one of the pinned contexts."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not pinned locally; Alliance never fetches "
            f"contexts at run time (pinned: {', '.join(sorted([*PINNED_FILES, *_RUNTIME]))})"
        )
        self.url = url


@cache
def _pinned_document(url: str) -> dict[str, Any]:
    return json.loads((CONTEXTS_DIR / PINNED_FILES[url]).read_text(encoding="utf-8"))


def pinned_context(url: str) -> dict[str, Any]:
    """The parsed pinned context for ``url`` (a fresh copy the caller may change)."""
    if url in _RUNTIME:
        return copy.deepcopy(_RUNTIME[url][1])
    if url not in PINNED_FILES:
        raise ContextNotPinnedError(url)
    return copy.deepcopy(_pinned_document(url))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the pinned copy of ``url`` or a clear error."""
    # Tolerate a trailing fragment or slash variant only if it names the same pinned file.
    key = url.rstrip("#")
    if key in _RUNTIME:
        document = _RUNTIME[key][1]
    elif key in PINNED_FILES:
        document = _pinned_document(key)
    else:
        raise ContextNotPinnedError(url)
    # pyld does not mutate the returned document, so the cached parse is shared.
    return {
        "contextUrl": None,
        "documentUrl": key,
        "document": document,
        "contentType": CONTEXT_MEDIA_TYPE,
    }
