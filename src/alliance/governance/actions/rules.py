"""Rules versions and Board seats: the first version, and versions adopted by motion."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from alliance.accounts.models import User
from alliance.core.audit import audit_record
from alliance.core.content_i18n import Entry, require_translator, translation_store
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.governance.actions._base import (
    ERR_NOT_CHAIR,
    ERR_RULES_EXIST,
    ERR_SEATS,
)
from alliance.governance.models import (
    BoardSeat,
    Motion,
    RulesVersion,
)
from alliance.governance.rules import validate_rules
from alliance.governance.selectors import (
    rules_in_force,
)
from alliance.organisations.models import Organisation
from alliance.transparency.services import publish_fact


def _seats_from_spec(version: RulesVersion, seats: list[dict[str, Any]]) -> list[BoardSeat]:
    chairs = [s for s in seats if s.get("chair")]
    if len(chairs) != 1 or not seats or len(seats) > version.rules["board_size"]:
        raise ActionError(ERR_SEATS)
    users = User.objects.in_bulk([s["member"] for s in seats])
    orgs = Organisation.objects.in_bulk([s["organisation"] for s in seats if s.get("organisation")])
    if len(users) != len({s["member"] for s in seats}):
        raise ActionError(ERR_SEATS)
    return BoardSeat.objects.bulk_create(
        BoardSeat(
            rules_version=version,
            member=users[s["member"]],
            organisation=orgs.get(s.get("organisation")),
            is_chair=bool(s.get("chair")),
            term_starts=date.fromisoformat(str(s["term_starts"])),
            term_ends=date.fromisoformat(str(s["term_ends"])),
        )
        for s in seats
    )


def seat_spec(seat: BoardSeat) -> dict[str, Any]:
    return {
        "member": seat.member_id,
        "organisation": seat.organisation_id,
        "chair": seat.is_chair,
        "term_starts": seat.term_starts.isoformat(),
        "term_ends": seat.term_ends.isoformat(),
    }


def _rules_fact(version: RulesVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "adopted_on": version.adopted_on.isoformat(),
        "rules": version.rules,
        "summary": version.summary,
        "motion": version.adopted_by_id,
        # Board members acting in office may be named; their organisation is public.
        "seats": [
            {
                "member": s.member.display_name,
                "organisation": s.organisation.legal_name if s.organisation else "",
                "chair": s.is_chair,
                "term_ends": s.term_ends.isoformat(),
            }
            for s in version.seats.select_related("member", "organisation")
        ],
    }


@transaction.atomic
def rules_seed_first(
    *,
    actor: Any,
    rules: dict[str, Any],
    seats: list[dict[str, Any]],
    adopted_on: date,
    summary: str = "The rules adopted at the founding meeting.",
) -> RulesVersion:
    """Bootstrap version 1 (the demo or the founding administrator does this once)."""
    if not (can(actor, Perm.ADMINISTER) or can(actor, Perm.MANAGE_INTAKE)):
        raise NotAllowed(ERR_NOT_CHAIR)
    if RulesVersion.objects.select_for_update().exists():
        raise ActionError(ERR_RULES_EXIST)
    version = RulesVersion.objects.create(
        version=1, rules=validate_rules(rules), adopted_on=adopted_on, summary=summary
    )
    _seats_from_spec(version, seats)
    audit_record(
        actor=actor, verb="rules.seeded", target=version, after={"version": 1, "seats": len(seats)}
    )
    publish_fact(kind="governance.rules", subject="rules:1", fact=_rules_fact(version))
    return version


def _adopt_rules(motion: Motion, actor: Any, today: date) -> RulesVersion:
    current = rules_in_force()
    assert current is not None
    version = RulesVersion.objects.create(
        version=current.version + 1,
        rules=validate_rules(motion.proposed_rules or {}),
        adopted_on=today,
        adopted_by=motion,
        summary=motion.title,
    )
    seats = motion.proposed_seats or [seat_spec(s) for s in current.seats.all()]
    _seats_from_spec(version, seats)
    audit_record(
        actor=actor,
        verb="rules.adopted",
        target=version,
        after={"version": version.version, "motion": motion.pk},
    )
    publish_fact(
        kind="governance.rules", subject=f"rules:{version.version}", fact=_rules_fact(version)
    )
    return version


def rules_entries(version: RulesVersion) -> list[Entry]:
    """The translatable texts of a rules version: its summary (the rules themselves are
    numbers and flags, labelled by the page's own translated words)."""
    return (
        [Entry(key="summary", source=version.summary, label="summary")] if version.summary else []
    )


@transaction.atomic
def rules_translation_set(
    *, actor: Any, version: RulesVersion, language: str, texts: dict[str, str]
) -> RulesVersion:
    """Set the secretariat's translation of a rules version's text into ``language``; the
    version as adopted (and on the log) is unchanged."""
    require_translator(actor)
    version = RulesVersion.objects.select_for_update().get(pk=version.pk)
    return translation_store(
        actor=actor,
        row=version,
        verb="rules.translation_set",
        language=language,
        texts=texts,
        entries=rules_entries(version),
    )
