"""Bridge between the log tables and the Merkle engine."""

from __future__ import annotations

from alliance.transparency.models import LogHead


def append_to_tree(head: LogHead, leaves: list[bytes]) -> None:
    head.size += len(leaves)
    head.save(update_fields=["size", "updated_at"])
