"""Suspension, reinstatement and termination with their consequences, in one ordered
flow and one transaction (the passing motion's, or the caller's).

1. The partnership moves (``organisations.actions.partnership_suspend`` and so on),
   carrying out the Board decision; the public register follows.
2. Termination: every future pledge instalment is cancelled with the reason (history
   kept; the funding gap no longer counts them), and the organisation is no longer
   offered contributions in kind (``funding.actions.contributes_now``).
3. Group memberships held for the organisation are suspended (suspension), restored
   (reinstatement) or ended (termination).
4. Open motions about the partner, other than the one being carried out, are withdrawn
   with the reason (``outcomes.close_withdrawn``).
5. The partnership credential is suspended, restored or revoked.
6. The partner's contacts are told, with the notice's reasons (``core.notifications``:
   an in-app notice and an e-mail with an absolute link).

No receiver carries any of this: the motion calls :func:`partnership_move`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import User
from alliance.core.i18n import lazy_format
from alliance.credentials import actions as credentials
from alliance.funding import actions as funding
from alliance.governance import outcomes
from alliance.governance.models import (
    BoardDecision,
    DueProcessNotice,
    Motion,
    MotionKind,
    MotionStatus,
)
from alliance.governance.motion_words import (
    NOTICE_DATE,
    PARTNERSHIP_MOVED,
    PARTNERSHIP_MOVED_AFTER_NOTICE,
)
from alliance.governance.notifications import notify
from alliance.groups import actions as groups
from alliance.organisations import actions as lifecycle
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership

_MOVES = {
    MotionKind.SUSPENSION: lifecycle.partnership_suspend,
    MotionKind.REINSTATEMENT: lifecycle.partnership_reinstate,
    MotionKind.TERMINATION: lifecycle.partnership_terminate,
}

_TOLD = {
    PartnershipStatus.SUSPENDED: _("Your partnership is suspended by decision of the Board."),
    PartnershipStatus.ACTIVE: _("Your partnership is reinstated by decision of the Board."),
    PartnershipStatus.TERMINATED: _("Your partnership is terminated by decision of the Board."),
}


def partner_contacts(partnership: Partnership) -> list[Any]:
    return list(User.objects.filter(role_grants__organisation=partnership.organisation).distinct())


@transaction.atomic
def partnership_move(
    *,
    actor: Any,
    partnership: Partnership,
    kind: str,
    decision: BoardDecision,
    today: date,
    notice: DueProcessNotice | None = None,
    motion: Motion | None = None,
) -> Partnership:
    """Carry out a suspension, reinstatement or termination and all its consequences."""
    partnership = _MOVES[MotionKind(kind)](actor=actor, partnership=partnership, decision=decision)
    status = partnership.status
    organisation = partnership.organisation
    # Stored in English; read in the reader's words by motion_words.AUDIT_REASON_FORMS.
    because = PARTNERSHIP_MOVED.format(number=decision.pk, status=status)
    if notice is not None:
        because = PARTNERSHIP_MOVED_AFTER_NOTICE.format(
            number=decision.pk,
            status=status,
            sent=notice.sent_on.strftime(NOTICE_DATE),
            reasons=notice.reasons,
        )
    if status == PartnershipStatus.TERMINATED:
        funding.pledge_instalments_cancel_future(
            actor=actor, organisation=organisation, reason=because, today=today
        )
    groups.memberships_follow_partnership(
        actor=actor, organisation=organisation, status=status, reason=because
    )
    if status != PartnershipStatus.ACTIVE:
        others = (
            Motion.objects.select_for_update(of=("self",))
            .filter(
                Q(partnership=partnership) | Q(application__organisation=organisation),
                status=MotionStatus.OPEN,
            )
            .exclude(pk=motion.pk if motion else 0)
            .select_related(
                "rules_version", "application__organisation", "partnership__organisation"
            )
        )
        for other in others:
            outcomes.close_withdrawn(actor=actor, motion=other, reason=because, today=today)
    credentials.partnership_credentials_follow_status(
        actor=actor, partnership=partnership, reason=because
    )
    told = _TOLD[PartnershipStatus(status)]
    text = (
        lazy_format(_("%(told)s Reasons: %(reasons)s"), told=told, reasons=notice.reasons)
        if notice is not None
        else told
    )
    notify(
        partner_contacts(partnership),
        kind=f"partnership.{status}",
        text=text,
        url=f"/board/notices/{notice.pk}/" if notice is not None else "/dashboard/",
    )
    return partnership
