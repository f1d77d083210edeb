"""List versions: what changed between two loads, and which reviewer decisions survive it.

A reviewer's decision on a (subject, list entry) pair holds only for the entry as it was
reviewed: when the entry changes (a new alias, date of birth, ...) or leaves the list,
the decision is dropped and the pair is screened afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from alliance.engines.screening.loaders import LoadedList

Verdict = Literal["true_match", "false_positive"]
VERDICTS: frozenset[str] = frozenset({"true_match", "false_positive"})


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's verdict on one screening hit (subject against list entry)."""

    verdict: Verdict
    reason: str
    decided_by: str
    decided_at: datetime

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {sorted(VERDICTS)}, not {self.verdict!r}")


@dataclass(frozen=True, slots=True)
class ListDiff:
    """Entry ids added, removed and changed from one version of a list to the next."""

    list_id: str
    old_digest: str
    new_digest: str
    added: frozenset[str]
    removed: frozenset[str]
    changed: frozenset[str]  # same entry_id, different ListEntry.digest()

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def to_rescreen(self) -> frozenset[str]:
        """Entries of the new version that every subject must be screened against again."""
        return self.added | self.changed


def diff_versions(old: LoadedList, new: LoadedList) -> ListDiff:
    if old.list_id != new.list_id:
        raise ValueError(f"cannot diff different lists: {old.list_id} and {new.list_id}")
    old_digests = {e.entry_id: e.digest() for e in old.entries}
    new_digests = {e.entry_id: e.digest() for e in new.entries}
    common = old_digests.keys() & new_digests.keys()
    return ListDiff(
        list_id=new.list_id,
        old_digest=old.digest,
        new_digest=new.digest,
        added=frozenset(new_digests.keys() - old_digests.keys()),
        removed=frozenset(old_digests.keys() - new_digests.keys()),
        changed=frozenset(i for i in common if old_digests[i] != new_digests[i]),
    )


def carry_decisions(
    decisions: Mapping[tuple[str, str], Decision], diff: ListDiff
) -> dict[tuple[str, str], Decision]:
    """Decisions keyed by (subject_id, entry_id) that still hold in the new version.

    Decisions on entries that changed or were removed are dropped; all others are kept.
    """
    stale = diff.changed | diff.removed
    return {key: d for key, d in decisions.items() if key[1] not in stale}
