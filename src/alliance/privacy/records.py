"""Everything held about a person, found from the models' relations.

The set of tables is derived, never listed: every foreign key (or many-to-many) to the
user model, plus every foreign key to a person-ish model (an officer or owner record,
a screening subject) matched to the person, plus the audit events about them. A new
table that references a person is therefore found without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet

# Models that describe a person without an account link: matched to the account by name.
PERSON_MODELS = ("organisations.organisationperson", "screening.screeningsubject")


def _relations_to(target: type[models.Model]) -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for model in apps.get_models():
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if field.is_relation and field.related_model is target:
                found.append((model, field))
    return found


def user_relations() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) whose field points at the user model."""
    return _relations_to(get_user_model())


def person_relations() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) whose field points at a person-ish model."""
    return [
        pair
        for label in PERSON_MODELS
        for pair in _relations_to(apps.get_model(label))
        if pair[0]._meta.label_lower not in PERSON_MODELS or pair[1].name == "person"
    ]


def model_label(model: Any) -> str:
    return str(model._meta.label_lower)


def _normal(name: str) -> str:
    return " ".join(name.split())


def officer_records(user: Any) -> QuerySet:
    """Officer and owner records that name this person (by the account's full name)."""
    from alliance.organisations.models import OrganisationPerson

    name = _normal(user.full_name or "")
    if len(name) < 3:
        return OrganisationPerson.objects.none()
    return OrganisationPerson.objects.filter(name__iexact=name)


def subject_records(user: Any, officers: QuerySet | None = None) -> QuerySet:
    from alliance.screening.models import ScreeningSubject

    officers = officer_records(user) if officers is None else officers
    name = _normal(user.full_name or "")
    by_name = Q(kind="person", name__iexact=name) if len(name) >= 3 else Q(pk__in=[])
    return ScreeningSubject.objects.filter(Q(person__in=officers) | by_name)


def records_about(user: Any) -> dict[str, QuerySet]:
    """model label -> the rows of that table about ``user`` (non-empty tables only)."""
    from alliance.core.models import AuditEvent

    conditions: dict[str, list[Q]] = defaultdict(list)
    model_of: dict[str, type[models.Model]] = {}

    def add(model: type[models.Model], q: Q) -> None:
        label = model._meta.label_lower
        model_of[label] = model
        conditions[label].append(q)

    User = get_user_model()
    add(User, Q(pk=user.pk))
    for model, field in user_relations():
        add(model, Q(**{field.name: user}))
    officers = officer_records(user)
    subjects = subject_records(user, officers)
    person_sets = {
        "organisations.organisationperson": officers,
        "screening.screeningsubject": subjects,
    }
    for rows in person_sets.values():
        add(rows.model, Q(pk__in=rows.values("pk")))
    for model, field in person_relations():
        target = model_label(field.related_model)
        add(model, Q(**{f"{field.name}__in": person_sets[target].values("pk")}))
    about = Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    for label, rows in person_sets.items():
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            about |= Q(object_type=label, object_id__in=ids)
    add(AuditEvent, about)
    result: dict[str, QuerySet] = {}
    for label, qs_list in conditions.items():
        q = qs_list[0]
        for more in qs_list[1:]:
            q |= more
        qs = model_of[label]._default_manager.filter(q).distinct().order_by("pk")
        if qs.exists():
            result[label] = qs
    return result
