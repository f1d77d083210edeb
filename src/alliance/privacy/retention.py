"""Retention as data: the default rules and the code that finds what a rule removes.

A schedule (privacy.models.RetentionSchedule) maps a rule code to its period. Rules
with an ``apply`` remove data on the day their period ends (anchor + period <= today);
``hold_*`` rules give the length of a legal hold instead. The daily task first writes a
dry-run report the secretariat can read; it removes nothing in dry-run mode.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# rule code -> {"days" or "years": N}; the reasons are in RULES below and docs/privacy.md.
DEFAULTS: dict[str, dict[str, int]] = {
    "officer_identity": {"years": 1},
    "declined_applications": {"years": 3},
    "screening_hits": {"years": 2},
    "notifications": {"days": 365},
    "exports": {"days": 7},
    "closed_requests": {"years": 3},
    "evidence_files": {"years": 7},
    "hold_due_diligence": {"days": 180},
    "hold_sanctions": {"years": 5},
    "hold_board_records": {"years": 10},
}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str | Promise
    reason: str | Promise


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            "officer_identity",
            _("Officers' and owners' birth dates and nationalities are cleared"),
            _(
                "after the application was declined or withdrawn, or the partnership ended. "
                "They are needed only to screen the people of an applicant or partner; one "
                "year covers an appeal or a renewed application."
            ),
        ),
        Rule(
            "declined_applications",
            _("Officers and owners of declined or withdrawn applicants are deleted"),
            _(
                "after the decision, with their screening records and the organisation's "
                "contact details; three years matches the usual limitation period for claims."
            ),
        ),
        Rule(
            "screening_hits",
            _("Sanctions-screening hits on people no longer screened are deleted"),
            _("after they were found; confirmed matches are kept under a legal hold instead."),
        ),
        Rule(
            "notifications",
            _("Read notifications are deleted"),
            _("after they were sent; they only point at records kept elsewhere."),
        ),
        Rule(
            "exports",
            _("Prepared data downloads are deleted"),
            _("after they were prepared: a download is a copy for you, not a record."),
        ),
        Rule(
            "closed_requests",
            _("Answered data-rights requests are deleted"),
            _("after the answer, so the alliance can show it answered in time."),
        ),
        Rule(
            "evidence_files",
            _("Evidence files attached to contributions in kind are deleted"),
            _(
                "after the contribution was delivered; seven years is the usual period for "
                "keeping accounting records. The declared value and description stay."
            ),
        ),
        Rule(
            "hold_due_diligence",
            _("An open due-diligence case holds the people it concerns"),
            _("until it closes; the hold is reviewed after this period."),
        ),
        Rule(
            "hold_sanctions",
            _("A confirmed sanctions match is kept"),
            _("for five years, the record-keeping period of FATF Recommendation 11."),
        ),
        Rule(
            "hold_board_records",
            _("Board records (seats, votes, interests, conflicts) are kept"),
            _(
                "for ten years after the erasure request: the Board's decisions must stay "
                "explainable; the person's name is replaced by a pseudonym."
            ),
        ),
    )
}


def add_period(day: date, period: dict[str, int]) -> date:
    if "days" in period:
        return day + timedelta(days=int(period["days"]))
    year = day.year + int(period.get("years", 0))
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def cutoff(today: date, period: dict[str, int]) -> date:
    """The latest anchor date whose period has ended by ``today`` (anchor + period <= today)."""
    if "days" in period:
        return today - timedelta(days=int(period["days"]))
    year = today.year - int(period.get("years", 0))
    return today.replace(year=year, day=min(today.day, calendar.monthrange(year, today.month)[1]))


def describe(period: dict[str, int]) -> str:
    if "days" in period:
        n = int(period["days"])
        return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    n = int(period["years"])
    return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}


# --- What each rule removes ---------------------------------------------------------


def _held(model_label: str, today: date) -> set[str]:
    from alliance.privacy.models import LegalHold

    return set(
        LegalHold.objects.filter(model_label=model_label, ends_on__gt=today).values_list(
            "object_pk", flat=True
        )
    )


def _ended_organisations(today: date, period: dict[str, int], *, declined_only: bool) -> list[int]:
    """Organisations whose relationship ended (declined/withdrawn application, or ended
    partnership) on or before the cutoff."""
    from alliance.organisations.models import Application, Organisation, Partnership

    limit = cutoff(today, period)
    ended_apps = (
        Application.objects.filter(status__in=["declined", "withdrawn"])
        .values("organisation_id")
        .annotate(last=Max("decided_at"), last_update=Max("updated_at"))
    )
    live = set(
        Application.objects.exclude(status__in=["declined", "withdrawn"]).values_list(
            "organisation_id", flat=True
        )
    )
    partners = set(Partnership.objects.values_list("organisation_id", flat=True))
    found = {
        row["organisation_id"]
        for row in ended_apps
        if row["organisation_id"] not in live
        and row["organisation_id"] not in partners
        and (row["last"] or row["last_update"]).date() <= limit
    }
    if not declined_only:
        found |= set(
            Partnership.objects.exclude(status="active")
            .filter(ended_on__isnull=False, ended_on__lte=limit)
            .values_list("organisation_id", flat=True)
        )
    return sorted(Organisation.objects.filter(pk__in=found).values_list("pk", flat=True))


def candidates(code: str, period: dict[str, int], today: date) -> dict[str, Any]:
    """What ``code`` would remove today: {"model", "action", "ids"} (ids only, no data)."""
    from alliance.governance.models import Notification
    from alliance.organisations.models import OrganisationPerson
    from alliance.privacy.models import DataExport, DataRequest, RequestStatus
    from alliance.screening.models import ScreeningDecision, ScreeningResult, ScreeningSubject

    limit = cutoff(today, period)
    qs: Any
    model: Any
    if code == "officer_identity":
        orgs = _ended_organisations(today, period, declined_only=False)
        qs = OrganisationPerson.objects.filter(organisation_id__in=orgs).filter(
            Q(birth_date__isnull=False) | ~Q(nationality="")
        )
        model, action = OrganisationPerson, "clear birth_date, nationality"
    elif code == "declined_applications":
        orgs = _ended_organisations(today, period, declined_only=True)
        qs = OrganisationPerson.objects.filter(organisation_id__in=orgs)
        model, action = OrganisationPerson, "delete (with screening subjects, contact details)"
    elif code == "screening_hits":
        confirmed = ScreeningDecision.objects.filter(verdict="true_match").values_list(
            "subject_id", "entry_id"
        )
        keep = {f"{s}:{e}" for s, e in confirmed}
        qs = ScreeningResult.objects.filter(
            created__date__lte=limit,
            subject__kind="person",
            subject__in=ScreeningSubject.objects.filter(active=False),
        )
        found_ids = [
            r.pk
            for r in qs.only("pk", "subject_id", "entry_id")
            if f"{r.subject_id}:{r.entry_id}" not in keep
        ]
        qs = ScreeningResult.objects.filter(pk__in=found_ids)
        model, action = ScreeningResult, "delete"
    elif code == "notifications":
        qs = Notification.objects.filter(read_at__isnull=False, created_at__date__lte=limit)
        model, action = Notification, "delete"
    elif code == "exports":
        qs = DataExport.objects.filter(created_at__date__lte=limit)
        model, action = DataExport, "delete (with the file)"
    elif code == "evidence_files":
        from alliance.funding.models import InKindContribution

        qs = InKindContribution.objects.filter(delivered_on__lte=limit).exclude(evidence="")
        model, action = InKindContribution, "delete the evidence file (value and note kept)"
    elif code == "closed_requests":
        qs = DataRequest.objects.exclude(status=RequestStatus.OPEN).filter(
            decided_at__date__lte=limit
        )
        model, action = DataRequest, "delete"
    else:
        return {}
    label = model._meta.label_lower
    held = _held(label, today)
    ids = sorted(pk for pk in qs.values_list("pk", flat=True) if str(pk) not in held)
    return {"model": label, "action": action, "ids": ids, "held": len(held)}


def remove(code: str, ids: list[int]) -> int:
    """Carry out ``code`` on ``ids`` (inside the caller's transaction)."""
    from alliance.governance.models import Notification
    from alliance.organisations.models import Organisation, OrganisationPerson
    from alliance.privacy.models import DataExport, DataRequest
    from alliance.screening.models import ScreeningResult, ScreeningSubject

    if not ids:
        return 0
    if code == "officer_identity":
        people = OrganisationPerson.objects.filter(pk__in=ids)
        ScreeningSubject.objects.filter(person__in=people).update(birth_date="", country="")
        return people.update(birth_date=None, nationality="")
    if code == "declined_applications":
        people = OrganisationPerson.objects.filter(pk__in=ids)
        orgs = set(people.values_list("organisation_id", flat=True))
        ScreeningSubject.objects.filter(person__in=people).delete()
        Organisation.objects.filter(pk__in=orgs).update(contact_email="", contact_phone="")
        return people.delete()[1].get(OrganisationPerson._meta.label, 0)
    if code == "evidence_files":
        from alliance.funding.models import InKindContribution

        removed = 0
        for contribution in InKindContribution.objects.filter(pk__in=ids):
            # The row is a financial record; only the file (which may show people) goes.
            contribution.evidence.delete(save=False)
            removed += InKindContribution.objects.filter(pk=contribution.pk).update(evidence="")
        return removed
    if code == "exports":
        for export in DataExport.objects.filter(pk__in=ids):
            if export.file:
                export.file.delete(save=False)
    model: Any = {
        "screening_hits": ScreeningResult,
        "notifications": Notification,
        "exports": DataExport,
        "closed_requests": DataRequest,
    }[code]
    return model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0)
