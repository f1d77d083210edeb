"""Evidence of delivery for contributions in kind: the checks live in
``alliance.core.uploads`` (shared with notice responses and due-diligence answers)."""

from alliance.core.uploads import (
    DEFAULT_LIMIT,
    ERR_BAD_TYPE,
    ERR_EMPTY,
    ERR_TOO_LARGE,
    SIGNATURES,
    check_evidence,
    evidence_limit,
)

__all__ = [
    "DEFAULT_LIMIT",
    "ERR_BAD_TYPE",
    "ERR_EMPTY",
    "ERR_TOO_LARGE",
    "SIGNATURES",
    "check_evidence",
    "evidence_limit",
]
