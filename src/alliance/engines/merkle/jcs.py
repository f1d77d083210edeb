"""Log entries as RFC 8785 canonical JSON (via the ``rfc8785`` package)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import rfc8785


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 (JCS) bytes of a JSON value: what a log entry's leaf data is."""
    return rfc8785.dumps(value)


def encode_fact(fact: Mapping[str, Any]) -> bytes:
    """Leaf data for a public fact (kind, time, subject, index, ...)."""
    return canonical_json(dict(fact))


def decode_fact(leaf: bytes) -> Any:
    """The JSON value of a leaf; ``ValueError`` if it is not canonical JSON."""
    value = json.loads(leaf)
    if canonical_json(value) != leaf:
        raise ValueError("leaf data is not RFC 8785 canonical JSON")
    return value
