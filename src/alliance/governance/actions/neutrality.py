"""Neutrality reviews of endorsements."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.core.permissions import Perm, can
from alliance.governance import conflicts as conflict_rules
from alliance.governance import outcomes
from alliance.governance.actions._base import (
    ERR_EMPTY,
    ERR_MOTION_CLOSED,
    ERR_NOT_ENDORSEMENT,
    ERR_NOT_REVIEWER,
)
from alliance.governance.actions.conflicts import _flag_conflicts
from alliance.governance.models import (
    FailureReason,
    Interest,
    Motion,
    MotionKind,
    MotionStatus,
    NeutralityReview,
    NeutralityVerdict,
)
from alliance.governance.notifications import notify
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership
from alliance.transparency.services import publish_fact


def suggested_beneficiaries(subject: str) -> list[dict[str, Any]]:
    """Partners whose disclosed commercial stance touches the endorsement subject."""
    found = []
    for partnership in Partnership.objects.filter(
        status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED]
    ).select_related("organisation", "application"):
        why = conflict_rules.commercially_interested(partnership.organisation, subject)
        if why:
            found.append(
                {
                    "organisation_id": partnership.organisation_id,
                    "organisation": partnership.organisation.legal_name,
                    "why": why,
                }
            )
    for interest in Interest.objects.filter(withdrawn_on__isnull=True).select_related(
        "organisation"
    ):
        if interest.organisation and conflict_rules.mentions(
            interest.description, conflict_rules.subject_keywords(subject)
        ):
            found.append(
                {
                    "organisation_id": interest.organisation_id,
                    "organisation": interest.organisation.legal_name,
                    "why": conflict_rules.DECLARED_INTEREST,
                }
            )
    return list({b["organisation_id"]: b for b in found}.values())


@transaction.atomic
def neutrality_review_record(
    *,
    actor: Any,
    motion: Motion,
    open_standard: bool,
    independent_implementations: int,
    conclusion: str,
    today: date,
    beneficiaries: list[dict[str, Any]] | None = None,
) -> NeutralityReview:
    """Record the review; the verdict follows from the facts (one beneficiary without
    an open standard and several independent implementations favours a single party)."""
    if not can(actor, Perm.REVIEW_DILIGENCE):
        raise NotAllowed(ERR_NOT_REVIEWER)
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("rules_version", "meeting")
        .get(pk=motion.pk)
    )
    if motion.kind != MotionKind.ENDORSEMENT:
        raise ActionError(ERR_NOT_ENDORSEMENT)
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if not conclusion.strip():
        raise ActionError(ERR_EMPTY, field="conclusion")
    if beneficiaries is None:
        beneficiaries = suggested_beneficiaries(motion.endorsement_subject)
    favours_one = not open_standard or independent_implementations < 2
    verdict = NeutralityVerdict.FAVOURS_ONE if favours_one else NeutralityVerdict.NEUTRAL
    review, _created = NeutralityReview.objects.update_or_create(
        motion=motion,
        defaults={
            "beneficiaries": beneficiaries,
            "open_standard": open_standard,
            "independent_implementations": independent_implementations,
            "conclusion": conclusion.strip(),
            "verdict": verdict,
            "reviewer": actor,
            "reviewed_on": today,
        },
    )
    motion.neutrality_review = review
    flagged = _flag_conflicts(motion)  # partners with a commercial interest recuse
    audit_record(
        actor=actor,
        verb="neutrality.reviewed",
        target=review,
        after={
            "verdict": verdict,
            "beneficiaries": len(beneficiaries),
            "flagged": [c.member_id for c in flagged],
        },
    )
    publish_fact(
        kind="board.neutrality_review",
        subject=f"motion:{motion.pk}",
        fact={
            "motion": motion.pk,
            "endorsement_subject": motion.endorsement_subject,
            "beneficiaries": [b["organisation"] for b in beneficiaries],
            "open_standard": open_standard,
            "independent_implementations": independent_implementations,
            "verdict": verdict,
            "conclusion": review.conclusion,
            "reviewed_on": today.isoformat(),
        },
    )
    if favours_one:
        # The endorsement cannot pass: it ends here, failed with that reason.
        outcomes.close_failed(
            actor=actor, motion=motion, because=FailureReason.NEUTRALITY, today=today
        )
    else:
        notify(
            [s.member for s in motion.rules_version.seats.select_related("member")],
            kind="motion.opened",
            text=lazy_format(
                _("Neutrality review recorded: '%(title)s' is open for votes."),
                title=motion.title,
            ),
            url=f"/board/motions/{motion.pk}/",
        )
    return review
