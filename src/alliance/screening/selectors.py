"""Reads for screening: current lists, the screener over them, hits with their decisions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from alliance.organisations.choices import ApplicationStatus, PartnershipStatus
from alliance.organisations.models import Organisation
from alliance.screening.engine import cached_screener, entry_from_data, screener_for
from alliance.screening.models import (
    ListEntryRecord,
    ListVersion,
    SanctionsList,
    ScreeningAlert,
    ScreeningDecision,
    ScreeningResult,
)

if TYPE_CHECKING:
    from alliance.engines.screening.matcher import Screener

# Applications still being considered: their organisations are screened like partners.
OPEN_APPLICATION = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_DUE_DILIGENCE,
    ApplicationStatus.READY_FOR_BOARD,
)
LIVE_PARTNERSHIP = (PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED)


def current_versions() -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(is_current=True).select_related("list")


def current_screener() -> Screener | None:
    """The screener over every current list version, or None: cached per process, and on
    disk (memory-mapped, shared by every process on the machine) by the versions' content,
    so a new worker process or a forked task opens it instead of rebuilding it."""
    versions = list(current_versions().order_by("pk").values_list("pk", "digest"))
    if not versions:
        return None
    # Here, not at the top: the cache imports the matcher (see alliance.screening.engine).
    from alliance.engines.screening.cache import content_key, stored_screener

    key = frozenset(f"{pk}:{digest}" for pk, digest in versions)
    return cached_screener(
        key,
        lambda: stored_screener(
            Path(settings.ALLIANCE_SCREENING_CACHE_DIR),
            content_key([digest for _, digest in versions]),
            lambda: screener_for(
                entry_from_data(data)
                for data in ListEntryRecord.objects.filter(
                    version_id__in=[pk for pk, _ in versions]
                )
                .order_by("version_id", "entry_id")
                .values_list("data", flat=True)
                .iterator(2000)
            ),
        ),
    )


def screenable_organisations() -> QuerySet[Organisation]:
    """Partners (active or suspended) and applicants whose application is still open."""
    return Organisation.objects.filter(
        Q(applications__status__in=OPEN_APPLICATION) | Q(partnership__status__in=LIVE_PARTNERSHIP)
    ).distinct()


def is_screenable(organisation: Organisation) -> bool:
    return screenable_organisations().filter(pk=organisation.pk).exists()


def active_decisions(subject_ids: Iterable[int]) -> dict[tuple[int, str, str], ScreeningDecision]:
    """The standing decision per (subject, list, entry): the newest one not lapsed."""
    standing: dict[tuple[int, str, str], ScreeningDecision] = {}
    rows = (
        ScreeningDecision.objects.filter(subject_id__in=list(subject_ids), lapsed_at__isnull=True)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )
    for decision in rows:
        standing.setdefault((decision.subject_id, decision.list_id, decision.entry_id), decision)
    return standing


def confirmed_keys(subject_ids: Iterable[int]) -> set[tuple[int, str, str]]:
    """(subject, list, entry) of the standing confirmed matches among these subjects."""
    return {
        key
        for key, decision in active_decisions(subject_ids).items()
        if decision.verdict == "true_match"
    }


def results_for_organisation(organisation: Organisation) -> list[ScreeningResult]:
    """The organisation's current hits, best first. Each result has ``list_id``,
    ``entry_id``, ``matched_name``, ``score``, ``explanation`` (a JSON dict), ``subject``,
    ``list_name``, ``decision``: None, "true_match" or "false_positive" (the standing
    verdict, with the record in ``decision_record``) and ``subject_removed``.

    A confirmed match stays among the hits after its person is removed from the
    application (``subject_removed``): taking a listed owner off the form must not
    make the match disappear from the case and the Board pack."""
    results = list(
        ScreeningResult.objects.filter(subject__organisation=organisation)
        .select_related("subject", "version__list")
        .order_by("-score", "list_id", "entry_id")
    )
    decisions = active_decisions({r.subject_id for r in results})
    kept = []
    for result in results:
        record = decisions.get((result.subject_id, result.list_id, result.entry_id))
        result.decision_record = record
        result.decision = record.verdict if record else None
        result.list_name = result.version.list.name
        result.subject_removed = not result.subject.active
        if result.subject_removed and result.decision != "true_match":
            continue
        kept.append(result)
    return kept


def unresolved_count(organisation: Organisation) -> int:
    return sum(1 for r in results_for_organisation(organisation) if r.decision is None)


def lists_overview() -> list[dict[str, Any]]:
    """Each list with its versions, newest first (for the secretariat page)."""
    lists = SanctionsList.objects.annotate(version_count=Count("versions")).order_by("list_id")
    versions = ListVersion.objects.select_related("loaded_by").order_by("-loaded_at", "-id")
    by_list: dict[int, list[ListVersion]] = {}
    for version in versions:
        by_list.setdefault(version.list_id, []).append(version)
    return [{"list": sl, "versions": by_list.get(sl.pk, [])[:10]} for sl in lists]


def recent_alerts(limit: int = 20) -> QuerySet[ScreeningAlert]:
    return (
        ScreeningAlert.objects.select_related("version__list")
        .annotate(subject_count=Count("items__subject", distinct=True))
        .order_by("-created_at", "-id")[:limit]
    )


def alert_subject_ids(alert: ScreeningAlert) -> set[int]:
    return set(alert.items.values_list("subject_id", flat=True))


def unresolved_total() -> list[tuple[Organisation, int]]:
    """Organisations with hits no standing decision covers, and how many (for dashboards)."""
    results = list(
        ScreeningResult.objects.filter(subject__active=True).values_list(
            "subject_id", "list_id", "entry_id", "subject__organisation_id"
        )
    )
    decided = active_decisions({row[0] for row in results})
    counts: dict[int, int] = {}
    for subject_id, list_id, entry_id, org_id in results:
        if (subject_id, list_id, entry_id) not in decided:
            counts[org_id] = counts.get(org_id, 0) + 1
    organisations = Organisation.objects.in_bulk(list(counts))
    return sorted(
        ((organisations[pk], n) for pk, n in counts.items()), key=lambda x: x[0].legal_name
    )
