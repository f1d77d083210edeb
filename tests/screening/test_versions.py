"""List updates: only what changed is screened again, decisions carry unless their entry
changed, and the alert names exactly the subjects whose results changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from alliance.engines.screening.loaders import load_list
from alliance.engines.screening.model import ListEntry
from alliance.engines.screening.versions import diff_versions
from alliance.screening import actions
from alliance.screening.engine import entry_from_data
from alliance.screening.models import (
    ListEntryRecord,
    ListVersion,
    ScreeningDecision,
    ScreeningResult,
)
from alliance.screening.selectors import results_for_organisation
from tests.screening.conftest import organisation, person
from tests.screening.test_flow import submit_with_people

pytestmark = pytest.mark.django_db

V1 = [
    person("p-ivanov", "Viktor Petrovich Ivanov", birth="1961-04-02", nationality="ru"),
    person("p-chen", "Chen Wei Long", birth="1970-01-01"),
    person("p-gonzalez", "Maria Gonzalez Rodriguez", birth="1958-09-09"),
    organisation("o-blacksea", "Black Sea Shipping Trading", country="ru"),
]
V2 = [
    V1[0],
    person("p-chen", "Chen Wei Long", aliases=("Chen Weilong",), birth="1970-01-01"),
    V1[3],
    person("p-haddad", "Omar Khalid Haddad", birth="1966-06-06"),
]


def officer(name: str, born: date | None = None) -> dict[str, object]:
    return {"name": name, "role": "officer", "position": "Director", "nationality": "",
            "birth_date": born}  # fmt: skip


def load(actor, path, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return actions.list_version_load(actor=actor, path_or_upload=path)


def hits(org) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {f"{r.subject.name}|{r.entry_id}": r.decision for r in results_for_organisation(org)}


def test_synthetic_update_rescreens_only_changes_and_alerts_exactly(
    alice, bob, sam, rita, write_list, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    load(sam, write_list("watch.jsonl", V1), capture)
    with capture(execute=True):
        org_a = submit_with_people(alice, [
            officer("Viktor Petrovich Ivanov", date(1961, 4, 2)),
            officer("Chen Wei Long"), officer("Maria Gonzalez Rodriguez"),
        ], "Steppe Relief").organisation  # fmt: skip
        org_b = submit_with_people(bob, [officer("Omar Khalid Haddad")], "Oasis Aid").organisation
    assert set(hits(org_a)) == {
        "Viktor Petrovich Ivanov|p-ivanov", "Chen Wei Long|p-chen",
        "Maria Gonzalez Rodriguez|p-gonzalez",
    }  # fmt: skip
    assert hits(org_b) == {}
    for result in results_for_organisation(org_a):
        actions.screening_decide(actor=rita, result=result, verdict="false_positive",
                                 reason="Different person: documents checked.")  # fmt: skip
    kept = ScreeningResult.objects.get(entry_id="p-ivanov")

    screened: list[set[str]] = []
    real_screener_for = actions.screener_for

    def spy(entries: Iterable[ListEntry]):  # type: ignore[no-untyped-def]
        entries = list(entries)
        screened.append({e.entry_id for e in entries})
        return real_screener_for(entries)

    monkeypatch.setattr(actions, "screener_for", spy)
    outcome = load(sam, write_list("watch.jsonl", V2), capture)
    version = outcome.version

    assert version.diff_counts() == {"added": 1, "removed": 1, "changed": 1}
    assert screened == [{"p-chen", "p-haddad"}]  # only added and changed entries
    assert hits(org_a) == {
        "Viktor Petrovich Ivanov|p-ivanov": "false_positive",  # carried: entry unchanged
        "Chen Wei Long|p-chen": None,  # entry changed: decided afresh
    }
    assert hits(org_b) == {"Omar Khalid Haddad|p-haddad": None}
    unchanged = ScreeningResult.objects.get(entry_id="p-ivanov")
    assert (unchanged.pk, unchanged.created) == (kept.pk, kept.created)
    assert unchanged.version_id == version.pk

    lapsed = ScreeningDecision.objects.filter(lapsed_in=version)
    assert sorted(lapsed.values_list("entry_id", flat=True)) == ["p-chen", "p-gonzalez"]
    items = {(i.subject.name, i.entry_id, i.change) for i in version.alert.items.all()}
    assert items == {
        ("Chen Wei Long", "p-chen", "changed"),
        ("Maria Gonzalez Rodriguez", "p-gonzalez", "cleared"),
        ("Omar Khalid Haddad", "p-haddad", "new"),
    }
    assert version.alert.entries_rescreened == 2


def test_reloading_the_same_content_stores_nothing(
    sam, write_list, django_capture_on_commit_callbacks
) -> None:
    first = load(sam, write_list("a.jsonl", V1), django_capture_on_commit_callbacks)
    again = load(sam, write_list("b.jsonl", list(reversed(V1))),
                 django_capture_on_commit_callbacks)  # fmt: skip
    assert again.unchanged and again.version.pk == first.version.pk
    assert ListVersion.objects.count() == 1


def test_stored_entries_round_trip_to_the_engine(
    sam, fallback_un, django_capture_on_commit_callbacks
) -> None:
    outcome = load(sam, fallback_un, django_capture_on_commit_callbacks)
    originals = load_list(fallback_un).by_id()
    for record in ListEntryRecord.objects.filter(version=outcome.version):
        entry = entry_from_data(record.data)
        assert entry == originals[record.entry_id]
        assert entry.digest() == record.digest


def test_real_un_update_carries_decisions_unless_the_entry_changed(
    alice, sam, rita, real_data, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    old_path = real_data / "lists" / "un" / "un_consolidated_2026-02-27.xml"
    new_path = real_data / "lists" / "un" / "un_consolidated_2026-05-08.xml"
    old, new = load_list(old_path), load_list(new_path)
    diff = diff_versions(old, new)
    people = [e for e in old.entries if e.kind == "person" and e.birth_dates
              and len(e.birth_dates[0]) == 10]  # fmt: skip
    same = next(e for e in people if e.entry_id not in diff.changed | diff.removed)
    moved = next(e for e in people if e.entry_id in diff.changed)

    load(sam, old_path, capture)
    with capture(execute=True):
        org = submit_with_people(alice, [
            officer(same.primary_name, date.fromisoformat(same.birth_dates[0])),
            officer(moved.primary_name, date.fromisoformat(moved.birth_dates[0])),
        ]).organisation  # fmt: skip
    wanted = {same.entry_id, moved.entry_id}
    for result in results_for_organisation(org):
        if result.entry_id in wanted:
            actions.screening_decide(actor=rita, result=result, verdict="true_match",
                                     reason="Listed person: identity confirmed.")  # fmt: skip
    outcome = load(sam, new_path, capture)

    assert outcome.version.diff_counts() == {
        "added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)
    }  # fmt: skip
    decisions = {r.entry_id: r.decision for r in results_for_organisation(org)}
    assert decisions[same.entry_id] == "true_match"
    assert decisions[moved.entry_id] is None
    alerted = {(i.subject.name, i.entry_id) for i in outcome.version.alert.items.all()}
    assert (moved.primary_name, moved.entry_id) in alerted
    assert all(entry_id in diff.changed | diff.added | diff.removed for _, entry_id in alerted)


def test_new_hits_on_active_partners_reopen_their_diligence(
    alice, bob, sam, write_list, monkeypatch, django_capture_on_commit_callbacks
) -> None:

    from alliance.organisations.models import OrganisationPerson
    from tests.factories import admitted_partnership

    calls: list[tuple[list[str], str]] = []
    from alliance.screening import reactions

    # Only this test's reaction listens (in place of the one diligence registers).
    monkeypatch.setattr(
        reactions,
        "_reactions",
        [lambda orgs, reason: calls.append((sorted(o.legal_name for o in orgs), reason))],
    )
    capture = django_capture_on_commit_callbacks
    load(sam, write_list("watch.jsonl", V1), capture)
    with capture(execute=True):
        partner = admitted_partnership(alice, sam, "Steppe Relief").organisation
        admitted_partnership(bob, sam, "Oasis Aid")
        OrganisationPerson.objects.create(organisation=partner, name="Omar Khalid Haddad",
                                          role="owner")  # fmt: skip
    assert hits(partner) == {}
    load(sam, write_list("watch.jsonl", V2), capture)
    assert hits(partner) == {"Omar Khalid Haddad|p-haddad": None}
    assert [names for names, _ in calls] == [["Steppe Relief"]]
    assert "Sanctions list update" in calls[0][1]


def test_list_update_reaches_the_real_diligence_app(
    alice, sam, write_list, django_capture_on_commit_callbacks
) -> None:
    pytest.importorskip("alliance.diligence.services")
    from alliance.diligence.models import Case, StepNote
    from alliance.organisations.models import OrganisationPerson
    from tests.factories import admitted_partnership

    capture = django_capture_on_commit_callbacks
    load(sam, write_list("watch.jsonl", V1), capture)
    with capture(execute=True):
        partner = admitted_partnership(alice, sam, "Steppe Relief").organisation
        OrganisationPerson.objects.create(organisation=partner, name="Omar Khalid Haddad",
                                          role="owner")  # fmt: skip
    cases_before = Case.objects.filter(organisation=partner).count()
    outcome = load(sam, write_list("watch.jsonl", V2), capture)
    outcome.version.refresh_from_db()
    assert outcome.version.rescreened_at is not None
    reopened = Case.objects.filter(organisation=partner).count() > cases_before
    noted = StepNote.objects.filter(case__organisation=partner,
                                    text__contains="Sanctions list update").exists()  # fmt: skip
    assert reopened or noted
