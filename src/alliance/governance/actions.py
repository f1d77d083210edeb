"""Board decision writes. The Board issue adds motions and votes on top of these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.governance.models import BoardDecision, DecisionKind
from alliance.organisations.models import Application, Partnership

ERR_NOT_BOARD = "Only the Board chair or the secretariat can record a Board decision."
ERR_SUBJECT = "An admission or decline decides an application; other decisions a partnership."
ERR_REASON = "A Board decision needs its reason."

_APPLICATION_KINDS = {DecisionKind.ADMISSION, DecisionKind.DECLINE}


@transaction.atomic
def board_decision_record(
    *,
    actor: Any,
    kind: str,
    reason: str,
    decided_on: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
) -> BoardDecision:
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed(ERR_NOT_BOARD)
    if not reason.strip():
        raise ActionError(ERR_REASON, field="reason")
    wants_application = kind in _APPLICATION_KINDS
    if (application is None) == wants_application or (partnership is None) != wants_application:
        raise ActionError(ERR_SUBJECT)
    decision = BoardDecision.objects.create(
        kind=kind, reason=reason.strip(), decided_on=decided_on, recorded_by=actor,
        application=application, partnership=partnership,
    )
    subject = application or partnership
    assert subject is not None
    audit_record(
        actor=actor, verb="board_decision.recorded", target=decision,
        organisation=subject.organisation,
        after={"kind": kind, "decided_on": decided_on.isoformat()}, reason=reason,
    )
    return decision
