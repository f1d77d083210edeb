"""Due-process notices to partners and their responses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import User
from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import date_shown, lazy_format
from alliance.core.permissions import Perm, can
from alliance.funding.evidence import check_evidence
from alliance.governance.actions._base import (
    ERR_ALREADY_RESPONDED,
    ERR_EMPTY,
    ERR_NO_RULES,
    ERR_NOT_CHAIR,
    ERR_NOT_PARTNER,
    ERR_REASON,
    ERR_TOO_MANY_ATTACHMENTS,
    MAX_ATTACHMENTS,
    _can_chair,
)
from alliance.governance.models import (
    DueProcessNotice,
    NoticeAttachment,
    NoticeKind,
)
from alliance.governance.notifications import notify
from alliance.governance.selectors import (
    rules_in_force,
)
from alliance.organisations.models import Partnership

ERR_NOTICE_PENDING = _(
    "A notice of this kind is already waiting for the partner's response or the Board's "
    "decision (response due {due}); decide on it before sending another."
)


@transaction.atomic
def notice_send(
    *, actor: Any, partnership: Partnership, kind: str, reasons: str, today: date
) -> DueProcessNotice:
    """Notice to the partner, with reasons; the response period comes from the rules."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    if not reasons.strip():
        raise ActionError(ERR_REASON, field="reasons")
    version = rules_in_force()
    if version is None:
        raise ActionError(ERR_NO_RULES)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    # One pending notice per kind: a notice is settled once a motion citing it closed.
    pending = (
        DueProcessNotice.objects.filter(partnership=partnership, kind=kind)
        .exclude(motions__status="closed")
        .order_by("-sent_on")
        .first()
    )
    if pending is not None:
        raise ActionError(ERR_NOTICE_PENDING.format(due=date_shown(pending.response_due)))
    notice = DueProcessNotice.objects.create(
        partnership=partnership,
        kind=NoticeKind(kind),
        reasons=reasons.strip(),
        sent_on=today,
        response_due=today + timedelta(days=version.rules["response_period_days"]),
        sent_by=actor,
    )
    audit_record(
        actor=actor,
        verb="notice.sent",
        target=notice,
        organisation=partnership.organisation,
        after={"kind": kind, "response_due": notice.response_due.isoformat()},
        reason=reasons,
    )
    contacts = User.objects.filter(role_grants__organisation=partnership.organisation)
    notify(
        contacts,
        kind="notice.sent",
        text=lazy_format(
            _("%(kind)s: %(reasons)s Please respond by %(due)s."),
            kind=notice.get_kind_display,
            reasons=notice.reasons[:300],
            due=notice.response_due,
        ),
        url=f"/board/notices/{notice.pk}/",
    )
    return notice


@transaction.atomic
def notice_respond(
    *,
    actor: Any,
    notice: DueProcessNotice,
    response: str,
    today: date,
    attachments: list[UploadedFile] | None = None,
) -> DueProcessNotice:
    """The partner's response, with attachments checked as funding's evidence is
    (``funding.evidence.check_evidence``: size limit, PDF/PNG/JPEG by content)."""
    notice = (
        DueProcessNotice.objects.select_for_update()
        .select_related("partnership__organisation")
        .get(pk=notice.pk)
    )
    if not can(actor, Perm.WITHDRAW_OWN, notice.partnership):
        raise NotAllowed(ERR_NOT_PARTNER)
    if notice.responded_on is not None:
        raise ActionError(ERR_ALREADY_RESPONDED)
    if not response.strip():
        raise ActionError(ERR_EMPTY, field="response")
    files = list(attachments or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ActionError(ERR_TOO_MANY_ATTACHMENTS, field="attachments")
    for upload in files:
        try:
            check_evidence(upload)
        except ActionError as error:
            raise ActionError(error.message, field="attachments") from error
    notice.response = response.strip()
    notice.responded_on = today
    notice.save(update_fields=["response", "responded_on"])
    for upload in files:
        attachment = NoticeAttachment(
            notice=notice, name=(upload.name or "")[:200], size=upload.size or 0, uploaded_by=actor
        )
        attachment.file.save(upload.name or "attachment", upload, save=False)
        attachment.save()
    audit_record(
        actor=actor,
        verb="notice.responded",
        target=notice,
        organisation=notice.partnership.organisation,
        after={"attachments": [f.name for f in files]},
    )
    return notice
