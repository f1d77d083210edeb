"""The alliance's principles, as data. The text hash pins what an applicant saw."""

from __future__ import annotations

import hashlib
import json
from typing import Any

PRINCIPLES: list[dict[str, str]] = [
    {
        "code": "identity_human_right",
        "title": "Identity is a human right",
        "text": "The ability to prove one's identity is a fundamental and universal human "
        "right, and digital identity must serve the individual.",
    },
    {
        "code": "individual_ownership",
        "title": "Individuals own their identity",
        "text": "Individuals should have control over their digital identity: how their "
        "personal data is collected, used and shared.",
    },
    {
        "code": "good_faith",
        "title": "Good faith",
        "text": "We join in good faith, bringing our experience, expertise and networks to "
        "the alliance's shared work.",
    },
    {
        "code": "humanitarian_motivation",
        "title": "Humanitarian primary motivation",
        "text": "Our primary motivation for joining is humanitarian, not commercial.",
    },
    {
        "code": "no_monopoly",
        "title": "No monopoly",
        "text": "We will not seek, and the alliance will not endorse, any approach that gives "
        "one party a monopoly on an element of the solution.",
    },
]


def principle_text_hash(principle: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of one principle (code, title, text)."""
    canonical = json.dumps(
        {k: principle[k] for k in ("code", "title", "text")},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def principle_set_hash(principles: list[dict[str, Any]]) -> str:
    joined = "\n".join(principle_text_hash(p) for p in principles)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()
