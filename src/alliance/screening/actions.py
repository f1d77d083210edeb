"""Writes for screening: load a list version, screen an organisation, decide a hit, and the
list-update re-screening the background task runs.

Refusals raise :class:`~alliance.core.errors.ActionError` with one of the message constants
below and change nothing. Subjects' names and birth dates are personal data: audit events
carry ids and counts only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.engines.screening.model import ListFormatError
from alliance.engines.screening.versions import Decision, ListDiff, carry_decisions
from alliance.engines.screening.versions import Verdict as Verdict_
from alliance.organisations.models import Organisation
from alliance.screening import reactions
from alliance.screening.engine import entry_from_data, entry_to_data, query_for, screener_for
from alliance.screening.models import (
    AlertChange,
    ListEntryRecord,
    ListVersion,
    SanctionsList,
    ScreeningAlert,
    ScreeningAlertItem,
    ScreeningDecision,
    ScreeningResult,
    ScreeningSubject,
    SubjectKind,
    SubjectSource,
    Verdict,
)
from alliance.screening.selectors import (
    confirmed_keys,
    current_screener,
    screenable_organisations,
)

if TYPE_CHECKING:  # the loaders import followthemoney (half a second): only on a load
    from alliance.engines.screening.loaders import LoadedList
    from alliance.engines.screening.matcher import Match, Screener

ERR_STAFF_ONLY = _("Only the secretariat can load sanctions lists.")
ERR_SCREEN_NOT_ALLOWED = _("Only the secretariat or a due-diligence reviewer can run screening.")
ERR_DECIDE_NOT_ALLOWED = _(
    "Only the secretariat or a due-diligence reviewer can decide a screening hit."
)
ERR_REASON_REQUIRED = _("Give a reason for the decision.")
ERR_BAD_VERDICT = _("Choose either true match or false positive.")
ERR_UPLOAD_TOO_LARGE = _("The list file is too large to load.")
ERR_UPLOAD_TYPE = _("Upload a list file in XML, CSV or JSON lines format (.xml, .csv, .jsonl).")
ERR_UPLOAD_EMPTY = _("The list file is empty.")
ERR_RESULT_GONE = _("This hit is no longer current; reload the page.")

UPLOAD_SUFFIXES = frozenset({".xml", ".csv", ".jsonl", ".json", ".ftm"})
MATCHES_PER_NAME = 20

LIST_NAMES = {
    "un-sc": "UN Security Council Consolidated List",
    "ofac-sdn": "US OFAC Specially Designated Nationals (SDN)",
    "ofac-cons": "US OFAC Consolidated (non-SDN) List",
    "uk-ofsi": "UK OFSI Consolidated List",
    "eu-fsf": "EU Financial Sanctions (FSF)",
    "ca-sema": "Canada Consolidated Autonomous Sanctions (SEMA)",
    "opensanctions": "OpenSanctions (FollowTheMoney)",
}


@dataclass(frozen=True)
class LoadOutcome:
    version: ListVersion
    unchanged: bool  # the file held exactly the current version: nothing was stored


def _require(actor: Any, perms: Iterable[Perm], message: str | Promise) -> None:
    """``actor`` None is the system itself (the scheduled command, background tasks)."""
    if actor is not None and not any(can(actor, perm) for perm in perms):
        raise NotAllowed(message)


# --- Loading lists ----------------------------------------------------------------


def list_version_load(*, actor: Any, path_or_upload: Any) -> LoadOutcome:
    """Load a list file (a path, or an uploaded file) as the list's new current version.

    The whole file is parsed before anything is stored, so a partly broken file loads
    nothing. The new version is diffed against the list's current one; reviewer decisions
    on changed or removed entries lapse, and re-screening of only the added and changed
    entries is queued for after the commit.
    """
    _require(actor, [Perm.MANAGE_SCREENING], ERR_STAFF_ONLY)
    if isinstance(path_or_upload, (str, Path)):
        path = Path(path_or_upload)
        loaded = _parse(path, shown_as=path.name)
        return _store_version(actor=actor, loaded=loaded, filename=path.name)
    name = Path(getattr(path_or_upload, "name", "") or "upload").name
    _check_upload(path_or_upload, name)
    with tempfile.TemporaryDirectory(prefix="alliance-list-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in path_or_upload.chunks():
                handle.write(chunk)
        loaded = _parse(path, shown_as=name)
    return _store_version(actor=actor, loaded=loaded, filename=name)


def _check_upload(upload: Any, name: str) -> None:
    size = getattr(upload, "size", None) or 0
    if size > settings.ALLIANCE_MAX_UPLOAD_BYTES:
        raise ActionError(ERR_UPLOAD_TOO_LARGE, field="list_file")
    if size == 0:
        raise ActionError(ERR_UPLOAD_EMPTY, field="list_file")
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise ActionError(ERR_UPLOAD_TYPE, field="list_file")


def _parse(path: Path, *, shown_as: str) -> LoadedList:
    """Parse outside any transaction: a big list must not hold the database lock."""
    from alliance.engines.screening.loaders import load_list

    try:
        return load_list(path)
    except ListFormatError as error:
        raise ActionError(
            f"{shown_as}: {error.where}: {error.problem}", field="list_file"
        ) from error
    except (ValueError, UnicodeError, OSError) as error:
        raise ActionError(f"{shown_as}: {error}", field="list_file") from error


@transaction.atomic
def _store_version(*, actor: Any, loaded: LoadedList, filename: str) -> LoadOutcome:
    sanctions_list, _ = SanctionsList.objects.get_or_create(
        list_id=loaded.list_id,
        defaults={"name": LIST_NAMES.get(loaded.list_id, loaded.list_id), "source": loaded.format},
    )
    previous = (
        ListVersion.objects.select_for_update().filter(list=sanctions_list, is_current=True).first()
    )
    if previous is not None and previous.digest == loaded.digest:
        audit_record(
            actor=actor,
            verb="screening.list_unchanged",
            target=previous,
            after={"list_id": loaded.list_id, "source_filename": filename},
        )
        return LoadOutcome(version=previous, unchanged=True)
    new_digests = {entry.entry_id: entry.digest() for entry in loaded.entries}
    old_digests: dict[str, str] = dict(
        previous.entries.values_list("entry_id", "digest") if previous else []
    )
    diff = _diff(loaded, old_digests, new_digests, previous)
    version = ListVersion.objects.create(
        list=sanctions_list,
        digest=loaded.digest,
        source_filename=filename[:300],
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        entry_count=len(loaded.entries),
        previous=previous,
        diff={
            "added": sorted(diff.added),
            "removed": sorted(diff.removed),
            "changed": sorted(diff.changed),
        },
    )
    ListEntryRecord.objects.bulk_create(
        (
            ListEntryRecord(
                version=version,
                entry_id=entry.entry_id,
                kind=str(entry.kind),
                primary_name=entry.primary_name[:500],
                data=entry_to_data(entry),
                digest=new_digests[entry.entry_id],
            )
            for entry in loaded.entries
        ),
        batch_size=1000,
    )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    lapsed = _lapse_decisions(loaded.list_id, diff, version)
    audit_record(
        actor=actor,
        verb="screening.list_loaded",
        target=version,
        after={
            "list_id": loaded.list_id,
            "digest": loaded.digest,
            "entries": version.entry_count,
            "source_filename": filename,
            **version.diff_counts(),
            "decisions_lapsed": lapsed,
        },
    )
    from alliance.screening.tasks import rescreen_list_version

    transaction.on_commit(partial(rescreen_list_version.enqueue, version.pk))
    return LoadOutcome(version=version, unchanged=False)


def _diff(
    loaded: LoadedList, old: dict[str, str], new: dict[str, str], previous: ListVersion | None
) -> ListDiff:
    """The engine's diff, computed from stored entry digests (no need to re-read the old
    file): same ids, same rule as versions.diff_versions."""
    common = old.keys() & new.keys()
    return ListDiff(
        list_id=loaded.list_id,
        old_digest=previous.digest if previous else "",
        new_digest=loaded.digest,
        added=frozenset(new.keys() - old.keys()),
        removed=frozenset(old.keys() - new.keys()),
        changed=frozenset(i for i in common if old[i] != new[i]),
    )


def _lapse_decisions(list_id: str, diff: ListDiff, version: ListVersion) -> int:
    """Decisions on entries that changed or left the list lapse (engine rule)."""
    standing = {
        (str(d.pk), d.entry_id): d
        for d in ScreeningDecision.objects.filter(list_id=list_id, lapsed_at__isnull=True)
    }
    carried = carry_decisions(
        {
            key: Decision(
                verdict=cast(Verdict_, d.verdict),
                reason=d.reason,
                decided_by=str(d.decided_by_id),
                decided_at=d.decided_at,
            )
            for key, d in standing.items()
        },
        diff,
    )
    lapsed = [d.pk for key, d in standing.items() if key not in carried]
    ScreeningDecision.objects.filter(pk__in=lapsed).update(
        lapsed_at=timezone.now(), lapsed_in=version
    )
    return len(lapsed)


# --- Subjects ---------------------------------------------------------------------


def _subject_key(source: str, name: str, birth_date: str) -> str:
    return f"{source}:{' '.join(name.casefold().split())}:{birth_date}"[:400]


def subjects_sync(organisation: Organisation) -> list[ScreeningSubject]:
    """Make the organisation's subjects match its disclosed names and people; subjects no
    longer disclosed are kept (with their decisions) but inactive, their hits cleared."""
    wanted: dict[str, dict[str, Any]] = {}

    def want(
        source: str, kind: str, name: str, *, person: Any = None, birth: str = "", country: str = ""
    ) -> None:
        name = " ".join(str(name).split())
        if name:
            wanted[_subject_key(source, name, birth)] = {
                "source": source,
                "kind": kind,
                "name": name[:300],
                "person": person,
                "birth_date": birth,
                "country": (country or "")[:2],
            }

    org_country = organisation.registration_country
    want(
        SubjectSource.LEGAL_NAME,
        SubjectKind.ORGANISATION,
        organisation.legal_name,
        country=org_country,
    )
    for other in organisation.other_names or []:
        want(SubjectSource.OTHER_NAME, SubjectKind.ORGANISATION, other, country=org_country)
    for person in organisation.people.all():
        source = SubjectSource.OWNER if person.role == "owner" else SubjectSource.OFFICER
        birth = person.birth_date.isoformat() if person.birth_date else ""
        want(
            source,
            SubjectKind.PERSON,
            person.name,
            person=person,
            birth=birth,
            country=person.nationality,
        )
    existing = {s.key: s for s in organisation.screening_subjects.all()}
    subjects: list[ScreeningSubject] = []
    for key, fields in wanted.items():
        subject = existing.get(key)
        if subject is None:
            subject = ScreeningSubject.objects.create(organisation=organisation, key=key, **fields)
        else:
            changed = [f for f, v in fields.items() if getattr(subject, f) != v]
            if not subject.active:
                subject.active, changed = True, [*changed, "active"]
            if changed:
                for f in changed:
                    if f != "active":
                        setattr(subject, f, fields[f])
                subject.save(update_fields=changed)
        subjects.append(subject)
    gone = [s.pk for key, s in existing.items() if key not in wanted and s.active]
    if gone:
        ScreeningSubject.objects.filter(pk__in=gone).update(active=False)
        # A confirmed match outlives the person's removal from the form (see
        # selectors.results_for_organisation); other hits of removed people go.
        keep = confirmed_keys(gone)
        ScreeningResult.objects.filter(subject_id__in=gone).exclude(
            pk__in=[
                r.pk
                for r in ScreeningResult.objects.filter(subject_id__in=gone)
                if (r.subject_id, r.list_id, r.entry_id) in keep
            ]
        ).delete()
    return subjects


def _screen_subjects(
    screener: Screener, subjects: list[ScreeningSubject]
) -> Iterable[tuple[ScreeningSubject, list[Match]]]:
    """Each subject with its matches; the subjects' candidates are scored in batches."""
    queries = [
        query_for(name=s.name, kind=s.kind, country=s.country, birth_date=s.birth_date)
        for s in subjects
    ]
    return zip(subjects, screener.screen_many(queries, limit=MATCHES_PER_NAME), strict=True)


def _current_version_ids() -> dict[str, int]:
    return dict(ListVersion.objects.filter(is_current=True).values_list("list__list_id", "pk"))


# --- Screening an organisation ----------------------------------------------------


def _warm(screener: Screener | None) -> Screener | None:
    """Score one name once, so the engine's compiled loops are ready before a write
    transaction starts (their first call compiles them, which takes seconds)."""
    if screener is not None:
        screener.screen_many([query_for(name="warm up", kind="organisation")], limit=1)
    return screener


def organisation_screen(*, actor: Any, organisation: Organisation) -> list[ScreeningResult]:
    """Screen every name of the organisation (legal and other names, officers, owners)
    against every current list version; replace its hits with what is found now.

    The screener is built (and warmed) before the write transaction, so a long index build
    never holds the database while people sign in (SQLite has one writer at a time)."""
    _require(actor, [Perm.MANAGE_SCREENING, Perm.REVIEW_DILIGENCE], ERR_SCREEN_NOT_ALLOWED)
    _warm(current_screener())
    return _organisation_screen_write(actor=actor, organisation=organisation)


@transaction.atomic
def _organisation_screen_write(*, actor: Any, organisation: Organisation) -> list[ScreeningResult]:
    # One screening of an organisation at a time (a submission and a person edit may race).
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    subjects = subjects_sync(organisation)
    screener = current_screener()  # cached: built above unless the lists changed since
    version_ids = _current_version_ids()
    found: dict[tuple[int, str, str], Match] = {}
    if screener is not None:
        for subject, matches in _screen_subjects(screener, subjects):
            for match in matches:
                found[(subject.pk, match.list_id, match.entry_id)] = match
    existing = {
        (r.subject_id, r.list_id, r.entry_id): r
        for r in ScreeningResult.objects.filter(subject__organisation=organisation)
    }
    confirmed = confirmed_keys({subject_id for subject_id, _, _ in existing})
    active = {s.pk for s in subjects}
    stale = [
        r.pk
        for key, r in existing.items()
        if key not in found and not (key[0] not in active and key in confirmed)
    ]
    ScreeningResult.objects.filter(pk__in=stale).delete()
    for key, match in found.items():
        fields = _result_fields(match, version_ids[match.list_id])
        result = existing.get(key)
        if result is None:
            ScreeningResult.objects.create(
                subject_id=key[0], list_id=key[1], entry_id=key[2], **fields
            )
        else:
            for name, value in fields.items():
                setattr(result, name, value)
            result.save(update_fields=list(fields))
    ScreeningSubject.objects.filter(pk__in=[s.pk for s in subjects]).update(
        screened_at=timezone.now()
    )
    audit_record(
        actor=actor,
        verb="screening.organisation_screened",
        target=organisation,
        organisation=organisation,
        after={"subjects": len(subjects), "hits": len(found), "lists": sorted(version_ids)},
    )
    return list(ScreeningResult.objects.filter(subject__organisation=organisation))


def _result_fields(match: Match, version_id: int) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "matched_name": match.matched_name[:500],
        "score": round(match.score, 4),
        "explanation": match.explanation.to_dict(),
    }


# --- Re-screening after a list update ---------------------------------------------


def list_version_rescreen(*, version: ListVersion) -> ScreeningAlert:
    """Re-screen what a list update changed, for this version and any earlier version of
    the same list still waiting (so updates apply in order, whatever the queue does)."""
    waiting = ListVersion.objects.filter(
        list_id=version.list_id, rescreened_at__isnull=True, pk__lte=version.pk
    ).order_by("pk")
    for pending in waiting:
        _rescreen_one(pending.pk)
    version.refresh_from_db()
    return version.alert


def _rescreen_one(version_id: int) -> None:
    """Build the screener over what the update changed outside any transaction (a
    version's entries and diff never change once loaded), then write in a short one."""
    version = ListVersion.objects.get(pk=version_id)
    if version.rescreened_at is not None:
        return
    to_rescreen = set(version.diff.get("added", [])) | set(version.diff.get("changed", []))
    screener = None
    if to_rescreen:
        records = ListEntryRecord.objects.filter(version=version, entry_id__in=to_rescreen)
        screener = _warm(screener_for(entry_from_data(r.data) for r in records.iterator(2000)))
    _rescreen_write(version_id, screener)


@transaction.atomic
def _rescreen_write(version_id: int, screener: Screener | None) -> None:
    version = ListVersion.objects.select_for_update().select_related("list").get(pk=version_id)
    if version.rescreened_at is not None:
        return
    list_id = version.list.list_id
    removed = set(version.diff.get("removed", []))
    to_rescreen = set(version.diff.get("added", [])) | set(version.diff.get("changed", []))
    changed = set(version.diff.get("changed", []))
    # Lock the organisations (in a fixed order) so no organisation screening interleaves.
    organisations = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=screenable_organisations().values("pk"))
        .order_by("pk")
    )
    subjects = [s for org in organisations for s in subjects_sync(org)]
    subject_ids = {s.pk for s in subjects}

    touched = ScreeningResult.objects.filter(list_id=list_id, entry_id__in=removed | to_rescreen)
    before = {(r.subject_id, r.entry_id): r.score for r in touched}
    touched.delete()

    after: dict[tuple[int, str], float] = {}
    if to_rescreen and subjects and screener is not None:
        new_results = []
        for subject, matches in _screen_subjects(screener, subjects):
            for match in matches:
                after[(subject.pk, match.entry_id)] = round(match.score, 4)
                new_results.append(
                    ScreeningResult(
                        subject=subject,
                        list_id=list_id,
                        entry_id=match.entry_id,
                        **_result_fields(match, version.pk),
                    )
                )
        ScreeningResult.objects.bulk_create(new_results, batch_size=500)
    # Hits on unchanged entries stand; they now belong to the new version.
    ScreeningResult.objects.filter(list_id=list_id).exclude(version=version).update(version=version)

    alert = ScreeningAlert.objects.create(
        version=version, subjects_screened=len(subject_ids), entries_rescreened=len(to_rescreen)
    )
    items = [
        ScreeningAlertItem(
            alert=alert,
            subject_id=subject_id,
            entry_id=entry_id,
            change=change,
            score=after.get((subject_id, entry_id)),
        )
        for (subject_id, entry_id), change in _changes(before, after, changed).items()
    ]
    ScreeningAlertItem.objects.bulk_create(items)
    version.rescreened_at = timezone.now()
    version.save(update_fields=["rescreened_at"])
    audit_record(
        actor=None,
        verb="screening.list_rescreened",
        target=version,
        after={
            "list_id": list_id,
            "subjects": len(subject_ids),
            "entries": len(to_rescreen),
            "changes": len(items),
            "subjects_changed": len({i.subject_id for i in items}),
        },
    )
    _open_reassessments(alert, items)


def _changes(
    before: dict[tuple[int, str], float],
    after: dict[tuple[int, str], float],
    changed_entries: set[str],
) -> dict[tuple[int, str], str]:
    """A subject's result changed when a hit appeared, disappeared, or stands against an
    entry whose content changed (its score or explanation may move; any decision lapsed)."""
    changes: dict[tuple[int, str], str] = {}
    for key in before.keys() | after.keys():
        if key not in before:
            changes[key] = AlertChange.NEW
        elif key not in after:
            changes[key] = AlertChange.CLEARED
        elif key[1] in changed_entries or before[key] != after[key]:
            changes[key] = AlertChange.CHANGED
    return changes


def _open_reassessments(alert: ScreeningAlert, items: list[ScreeningAlertItem]) -> None:
    """New or changed hits on active partners reopen their due diligence (the reaction
    the diligence app registers in :mod:`alliance.screening.reactions`)."""
    hit_subjects = [i.subject_id for i in items if i.change != AlertChange.CLEARED]
    if not hit_subjects:
        return
    partners = list(
        Organisation.objects.filter(
            screening_subjects__pk__in=hit_subjects, partnership__status="active"
        ).distinct()
    )
    if partners:
        reactions.partner_hits(
            partners,
            f"Sanctions list update ({alert.version.list.name}, "
            f"{alert.version.loaded_at:%Y-%m-%d}) produced new or changed screening hits.",
        )


# --- Decisions --------------------------------------------------------------------


@transaction.atomic
def screening_decide(
    *, actor: Any, result: ScreeningResult, verdict: str, reason: str
) -> ScreeningDecision:
    """Record a reviewer's verdict on a hit, pinned to the list entry as it stands now."""
    if not (can(actor, Perm.REVIEW_DILIGENCE) or can(actor, Perm.MANAGE_SCREENING)):
        raise NotAllowed(ERR_DECIDE_NOT_ALLOWED)
    if verdict not in Verdict.values:
        raise ActionError(ERR_BAD_VERDICT, field="verdict")
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    locked = (
        ScreeningResult.objects.select_for_update()
        .select_related("subject")
        .filter(pk=result.pk)
        .first()
    )
    if locked is None:
        raise ActionError(ERR_RESULT_GONE)
    result = locked
    entry = ListEntryRecord.objects.get(version_id=result.version_id, entry_id=result.entry_id)
    earlier = (
        ScreeningDecision.objects.filter(
            subject=result.subject,
            list_id=result.list_id,
            entry_id=result.entry_id,
            lapsed_at__isnull=True,
        )
        .order_by("-decided_at", "-id")
        .first()
    )
    decision = ScreeningDecision.objects.create(
        subject=result.subject,
        list_id=result.list_id,
        entry_id=result.entry_id,
        entry_digest=entry.digest,
        verdict=verdict,
        reason=reason.strip(),
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        verb="screening.decided",
        target=decision,
        organisation=result.subject.organisation,
        before={"verdict": earlier.verdict if earlier else None},
        after={
            "verdict": verdict,
            "subject": result.subject_id,
            "list_id": result.list_id,
            "entry_id": result.entry_id,
            "score": result.score,
        },
        reason=reason.strip(),
    )
    return decision
