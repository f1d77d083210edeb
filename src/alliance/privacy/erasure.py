"""Erasure: what legal holds keep, the stable pseudonym, and the scrub of every text
column. Called only from privacy.actions.person_erase, inside its transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from alliance.privacy import retention
from alliance.privacy.records import officer_records, subject_records

ERASED_DOMAIN = "erased.invalid"
# Models never scrubbed: the append-only public log (it holds no personal data by
# design) and sessions (the person's own are deleted instead).
SKIP_APPS = frozenset({"transparency", "sessions"})
MIN_TERM = 4


def pseudonym_for(user: Any) -> str:
    """Stable for the same account and installation, and reveals nothing about the person."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"alliance-privacy:{user.pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"person-{digest[:12]}"


@dataclass
class Hold:
    kind: str
    reason: str
    model_label: str
    object_pk: str
    ends_on: date


def holds_for(user: Any, today: date, rules: dict[str, dict[str, int]]) -> list[Hold]:
    """The records an erasure of ``user`` must keep today, each with reason and end."""
    from alliance.accounts.models import RoleGrant
    from alliance.diligence.models import Case, CaseStatus
    from alliance.governance.models import BoardSeat, Conflict, Interest, Vote
    from alliance.screening.models import ScreeningDecision

    found: list[Hold] = []
    officers = list(officer_records(user))
    subjects = list(subject_records(user))

    # Open due diligence on an organisation the person is an officer, owner or contact of.
    contact_orgs = set(
        RoleGrant.objects.filter(user=user, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    orgs = {o.organisation_id for o in officers} | contact_orgs
    ends = retention.add_period(today, rules["hold_due_diligence"])
    for case in Case.objects.exclude(status=CaseStatus.SIGNED_OFF).filter(organisation_id__in=orgs):
        reason = f"Due-diligence case #{case.pk} is open; it is reviewed when the case closes."
        for officer in officers:
            if officer.organisation_id == case.organisation_id:
                found.append(
                    Hold(
                        "due_diligence",
                        reason,
                        "organisations.organisationperson",
                        str(officer.pk),
                        ends,
                    )
                )
        for subject in subjects:
            if subject.organisation_id == case.organisation_id:
                found.append(
                    Hold(
                        "due_diligence", reason, "screening.screeningsubject", str(subject.pk), ends
                    )
                )
        if case.organisation_id in contact_orgs:
            found.append(
                Hold(
                    "due_diligence",
                    reason,
                    "organisations.organisation",
                    str(case.organisation_id),
                    ends,
                )
            )

    # A confirmed sanctions match.
    ends = retention.add_period(today, rules["hold_sanctions"])
    for decision in ScreeningDecision.objects.filter(
        subject__in=[s.pk for s in subjects], verdict="true_match", lapsed_at__isnull=True
    ).select_related("subject"):
        reason = f"Confirmed sanctions match on list {decision.list_id} entry {decision.entry_id}."
        found.append(
            Hold("sanctions", reason, "screening.screeningdecision", str(decision.pk), ends)
        )
        found.append(
            Hold("sanctions", reason, "screening.screeningsubject", str(decision.subject_id), ends)
        )
        if decision.subject.person_id:
            found.append(
                Hold(
                    "sanctions",
                    reason,
                    "organisations.organisationperson",
                    str(decision.subject.person_id),
                    ends,
                )
            )

    # Board records the rules say to keep.
    ends = retention.add_period(today, rules["hold_board_records"])
    reason = (
        "Board records (seats, votes, interests, conflicts) are kept under the retention schedule."
    )
    for model in (BoardSeat, Vote, Interest, Conflict):
        for pk in model.objects.filter(member=user).values_list("pk", flat=True):
            found.append(Hold("board_records", reason, model._meta.label_lower, str(pk), ends))

    unique: dict[tuple[str, str, str], Hold] = {}
    for hold in found:
        unique.setdefault((hold.kind, hold.model_label, hold.object_pk), hold)
    return list(unique.values())


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
        and not f.choices
    ]


def _replace(value: Any, pattern: re.Pattern[str], substitute: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(substitute, value)
    if isinstance(value, list):
        return [_replace(v, pattern, substitute) for v in value]
    if isinstance(value, dict):
        return {
            _replace(k, pattern, substitute): _replace(v, pattern, substitute)
            for k, v in value.items()
        }
    return value


def scrub_everywhere(
    terms: list[str], substitute: str, held: dict[str, set[str]], skip: set[str]
) -> dict[str, int]:
    """Replace each term in every text column of every table (case-insensitively),
    except rows under a hold and the tables in ``skip``. Returns rows changed per table."""
    terms = sorted({t for t in terms if len(t) >= MIN_TERM}, key=len, reverse=True)
    if not terms:
        return {}
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    changed: dict[str, int] = defaultdict(int)
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label in SKIP_APPS or label in skip or not model._meta.managed:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        qs = model._default_manager.all()
        q = Q()
        for field in fields:
            if isinstance(field, models.JSONField):
                alias = f"_privacy_{field.name}"
                qs = qs.annotate(**{alias: Cast(field.name, TextField())})
                for term in terms:
                    q |= Q(**{f"{alias}__icontains": term})
                    q |= Q(**{f"{alias}__icontains": json.dumps(term)[1:-1]})
            else:
                for term in terms:
                    q |= Q(**{f"{field.name}__icontains": term})
        for row in qs.filter(q).exclude(pk__in=list(held.get(label, ()))):
            updates = {}
            for field in fields:
                value = getattr(row, field.attname)
                new = _replace(value, pattern, substitute)
                if new != value:
                    updates[field.attname] = new
            if updates:
                model._default_manager.filter(pk=row.pk).update(**updates)
                changed[label] += 1
    return dict(changed)


def erase(user: Any, *, pseudonym: str, held: dict[str, set[str]]) -> dict[str, int]:
    """Remove or pseudonymise everything about ``user`` outside ``held``."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session

    from alliance.governance.models import Notification
    from alliance.organisations.models import Organisation
    from alliance.privacy.models import DataExport

    report: dict[str, int] = defaultdict(int)
    email = user.email
    officers = list(officer_records(user))
    subjects = list(subject_records(user))
    terms = [email, user.full_name, user.first_name, user.last_name]
    terms += [o.name for o in officers]
    terms += [o.birth_date.isoformat() for o in officers if o.birth_date]
    terms += [s.birth_date for s in subjects if s.birth_date]

    def free(label: str, pk: Any) -> bool:
        return str(pk) not in held.get(label, set())

    for officer in officers:
        if free("organisations.organisationperson", officer.pk):
            type(officer).objects.filter(pk=officer.pk).update(
                name=pseudonym, birth_date=None, nationality=""
            )
            report["organisations.organisationperson"] += 1
    for subject in subjects:
        if free("screening.screeningsubject", subject.pk):
            type(subject).objects.filter(pk=subject.pk).update(
                name=pseudonym,
                birth_date="",
                country="",
                key=f"{subject.source}:{pseudonym}:{subject.pk}",
            )
            report["screening.screeningsubject"] += 1
    for org in Organisation.objects.filter(contact_email__iexact=email):
        if free("organisations.organisation", org.pk):
            Organisation.objects.filter(pk=org.pk).update(contact_email="")
            report["organisations.organisation"] += 1

    report["account.emailaddress"] += EmailAddress.objects.filter(user=user).delete()[0]
    report["mfa.authenticator"] += Authenticator.objects.filter(user=user).delete()[0]
    report["governance.notification"] += Notification.objects.filter(user=user).delete()[0]
    for export in DataExport.objects.filter(person=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        report["privacy.dataexport"] += 1
    for session in Session.objects.all():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            report["sessions.session"] += 1

    User = get_user_model()
    account = User.objects.get(pk=user.pk)
    account.email = f"{pseudonym}@{ERASED_DOMAIN}"
    account.full_name = pseudonym
    account.first_name = account.last_name = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    report[User._meta.label_lower] += 1

    for label, count in scrub_everywhere(
        terms, pseudonym, held, skip={User._meta.label_lower}
    ).items():
        report[label] += count
    return dict(report)


def remaining(terms: list[str]) -> list[tuple[str, str, str]]:
    """(table, pk, column) where any term still appears in a text column: used by the
    checks after an erasure and by the tests."""
    found = []
    terms = [t for t in terms if t]
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed:
            continue
        for field in _text_fields(model) + [
            f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.choices
        ]:
            qs = model._default_manager.all()
            name = field.name
            if isinstance(field, models.JSONField):
                qs = qs.annotate(_privacy_text=Cast(field.name, TextField()))
                name = "_privacy_text"
            q = Q()
            for term in terms:
                q |= Q(**{f"{name}__icontains": term})
                if isinstance(field, models.JSONField):
                    q |= Q(**{f"{name}__icontains": json.dumps(term)[1:-1]})
            for pk in qs.filter(q).values_list("pk", flat=True):
                found.append((model._meta.label_lower, str(pk), field.name))
    return found
