"""What each kind of motion carries, in one table.

``Motion`` keeps the foreign keys a motion may have (application, partnership, notice,
recommendation) and the few kind-specific values as columns; this table says, for each
kind, which of them must be set and which may be; every other one must be empty. It is
read by the database constraint ``motion_fits_its_kind`` (``kind_constraint``), by
``governance.actions.motion_open`` (refusing a value that is not for the kind) and by the
migration that carried the old rows over (0010). The JSON values are checked on opening,
each by its own schema: rules by ``governance.rules.validate_rules``, seats by
``seat_spec``, a tier schedule by ``funding.actions.tier_schedule_parse``.

No Django model is imported here, so migrations can use it too."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

# Every kind-specific field, with the value that means "not given".
EMPTY: dict[str, object] = {
    "application": None,
    "partnership": None,
    "notice": None,
    "recommendation": None,
    "tier": "",
    "proposed_rules": None,
    "proposed_seats": None,
    "endorsement_subject": "",
    "proposed_schedule": None,
    "schedule_effective_from": None,
    "schedule_publish_amounts": None,
    "schedule_period_years": None,
    "proposed_answer": "",
}


@dataclass(frozen=True)
class KindFields:
    required: frozenset[str]
    optional: frozenset[str] = frozenset()

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional


def _k(required: tuple[str, ...], optional: tuple[str, ...] = ()) -> KindFields:
    return KindFields(frozenset(required), frozenset(optional))


# Kind (MotionKind value) -> its fields. An admission's tier may be left to the funding
# recommendation; a rule change keeps the seats unless it proposes new ones.
KIND_FIELDS: dict[str, KindFields] = {
    "admission": _k(("application",), ("tier",)),
    "decline": _k(("application",)),
    "suspension": _k(("partnership", "notice")),
    "reinstatement": _k(("partnership",)),
    "termination": _k(("partnership", "notice")),
    "rule_change": _k(("proposed_rules",), ("proposed_seats",)),
    "endorsement": _k(("endorsement_subject",)),
    "tier_schedule": _k(
        (
            "proposed_schedule",
            "schedule_effective_from",
            "schedule_publish_amounts",
            "schedule_period_years",
        )
    ),
    "recommendation_answer": _k(("recommendation", "proposed_answer")),
}


def _is_empty(field: str) -> Q:
    empty = EMPTY[field]
    return Q(**{f"{field}__isnull": True}) if empty is None else Q(**{field: empty})


def kind_condition(kind: str) -> Q:
    """The row fits ``kind``: its required fields set, the others of no other kind set."""
    spec = KIND_FIELDS[kind]
    condition = Q(kind=kind)
    for field in sorted(spec.required):
        condition &= ~_is_empty(field)
    for field in sorted(set(EMPTY) - spec.allowed):
        condition &= _is_empty(field)
    return condition


def kind_constraint_condition() -> Q:
    condition = Q()
    for kind in KIND_FIELDS:
        condition |= kind_condition(kind)
    return condition


def is_given(field: str, value: object) -> bool:
    return value != EMPTY[field] and not (EMPTY[field] == "" and value is None)
