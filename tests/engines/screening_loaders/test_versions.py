"""Version diffs between two real UN lists, and reviewer decisions carried across them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alliance.engines.screening.loaders import LoadedList, content_digest, load_list
from alliance.engines.screening.versions import Decision, carry_decisions, diff_versions

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def un_versions(lists_dir: Path) -> tuple[LoadedList, LoadedList]:
    return (
        load_list(lists_dir / "un/un_consolidated_2026-02-27.xml"),
        load_list(lists_dir / "un/un_consolidated_2026-05-08.xml"),
    )


def test_un_diff_counts(un_versions: tuple[LoadedList, LoadedList]) -> None:
    old, new = un_versions
    diff = diff_versions(old, new)
    # Computed once independently from the raw XML (REFERENCE_NUMBER sets, and element
    # content compared without bookkeeping, Interpol-link and document-detail fields).
    assert (len(diff.added), len(diff.removed), len(diff.changed)) == (7, 1, 136)
    assert diff.added == {
        "QDi.437",
        "QDi.438",
        "QDi.439",
        "SDi.011",
        "SDi.012",
        "SDi.013",
        "SDi.014",
    }
    assert diff.removed == {"QDe.137"}
    assert "CDe.001" in diff.changed  # Interpol link text in the comments corrected
    assert diff.to_rescreen == diff.added | diff.changed
    assert (diff.old_digest, diff.new_digest) == (old.digest, new.digest)
    assert not diff.unchanged


def test_same_version_has_no_changes(un_versions: tuple[LoadedList, LoadedList]) -> None:
    _, new = un_versions
    diff = diff_versions(new, new)
    assert diff.unchanged and not diff.to_rescreen


def test_diff_refuses_different_lists(fallback_lists: Path, un_versions: tuple) -> None:
    ofac = load_list(fallback_lists / "ofac/sdn_fallback")
    with pytest.raises(ValueError, match="different lists"):
        diff_versions(ofac, un_versions[0])


def test_decisions_carried_across_real_versions(un_versions: tuple[LoadedList, LoadedList]) -> None:
    old, new = un_versions
    diff = diff_versions(old, new)
    unchanged_id = next(e.entry_id for e in new.entries if e.entry_id not in diff.to_rescreen)
    changed_id = sorted(diff.changed)[0]
    removed_id = next(iter(diff.removed))
    decisions = {
        ("org-1", unchanged_id): Decision("false_positive", "different DOB", "reviewer-a", WHEN),
        ("org-2", unchanged_id): Decision("true_match", "same passport", "reviewer-b", WHEN),
        ("org-1", changed_id): Decision("false_positive", "other person", "reviewer-a", WHEN),
        ("org-3", removed_id): Decision("true_match", "confirmed", "reviewer-b", WHEN),
    }
    carried = carry_decisions(decisions, diff)
    assert carried == {
        ("org-1", unchanged_id): decisions[("org-1", unchanged_id)],
        ("org-2", unchanged_id): decisions[("org-2", unchanged_id)],
    }


def test_decision_dropped_when_entry_edited(fallback_lists: Path) -> None:
    old = load_list(fallback_lists / "un/un_consolidated_fallback.xml")
    first, *rest = old.entries
    edited = dataclasses.replace(first, birth_dates=(*first.birth_dates, "1974"))
    entries = (edited, *rest)
    new = dataclasses.replace(old, entries=entries, digest=content_digest(entries))
    diff = diff_versions(old, new)
    assert diff.changed == {first.entry_id} and not diff.added and not diff.removed
    decisions = {
        ("subject", first.entry_id): Decision("false_positive", "x", "r", WHEN),
        ("subject", rest[0].entry_id): Decision("false_positive", "y", "r", WHEN),
    }
    assert set(carry_decisions(decisions, diff)) == {("subject", rest[0].entry_id)}


def test_decision_verdict_is_checked() -> None:
    with pytest.raises(ValueError, match="verdict"):
        Decision("maybe", "unsure", "reviewer", WHEN)  # type: ignore[arg-type]
