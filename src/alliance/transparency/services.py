"""Append public facts to the log, in the caller's transaction, and sign checkpoints.

Every domain app publishes through :func:`publish_fact` (kinds like
``partner.admitted``, ``board.motion``, ``governance.rules``, ``group.recommendation``,
``board.answer``, ``funding.totals``). The register lists entries by kind, so a
new kind appears there without this app knowing the model behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.engines.merkle import Signer, encode_fact, sign_checkpoint
from alliance.transparency import keys, selectors
from alliance.transparency.models import Checkpoint, LogEntry, LogHead
from alliance.transparency.tree import append_to_tree, head_root

ERR_OUTSIDE_TRANSACTION = "publish_fact must run inside the action's transaction"
ERR_PERSONAL_DATA = _("A public fact may not carry personal data (field {field!r}).")
ERR_NO_SUCH_ENTRY = _("There is no log entry {index} to correct.")
ERR_KEY_FROM_ENV = _(
    "The signing key comes from ALLIANCE_LOG_SIGNER_KEY; rotate it there "
    "(and record the rotation by restarting with the new key)."
)
ERR_ADMIN_ONLY = _("Only an administrator can rotate the log's signing key.")
ERR_REASON_REQUIRED = _("Give a reason.")

KEY_ROTATED = "log.key_rotated"

# Field names that only ever hold personal data; a fact carrying one is refused.
PERSONAL_FIELDS = frozenset(
    {
        "email",
        "contact_email",
        "phone",
        "contact_phone",
        "birth_date",
        "date_of_birth",
        "nationality",
        "home_address",
        "passport_number",
        "national_id",
    }
)


def _refuse_personal_data(value: Any) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if str(key).lower() in PERSONAL_FIELDS:
                raise ActionError(ERR_PERSONAL_DATA.format(field=key))
            _refuse_personal_data(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            _refuse_personal_data(inner)


def _locked_head() -> LogHead:
    head, _ = LogHead.objects.select_for_update().get_or_create(id=1)
    return head


def _append(
    head: LogHead, *, kind: str, subject: str, fact: dict[str, Any], corrects: int | None = None
) -> LogEntry:
    now = timezone.now()
    document: dict[str, Any] = {
        "index": head.size,
        "kind": kind,
        "subject": subject,
        "time": now.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "fact": fact,
    }
    if corrects is not None:
        document["corrects"] = corrects
    leaf = encode_fact(document)  # raises for values JSON cannot carry (e.g. floats NaN)
    entry = LogEntry.objects.create(
        index=head.size,
        kind=kind,
        subject=subject,
        leaf=leaf,
        fact=document,
        corrects=corrects,
        created_at=now,
    )
    append_to_tree(head, [leaf])
    return entry


def publish_fact(*, kind: str, subject: str, fact: dict[str, Any]) -> LogEntry:
    """Append one public fact and sign a checkpoint for the new tree.

    Must run inside the action's transaction, so a rolled-back change leaves no
    entry, no hashes and no checkpoint. Never pass personal data here.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(ERR_OUTSIDE_TRANSACTION)
    _refuse_personal_data(fact)
    head = _locked_head()
    entry = _append(head, kind=kind, subject=subject, fact=fact)
    _store_checkpoint(head, keys.current_signer())
    return entry


def publish_correction(
    *, corrects: int, fact: dict[str, Any], reason: str, kind: str = "", subject: str = ""
) -> LogEntry:
    """Publish a correction of entry ``corrects``: a new entry that names the old one.

    The old entry stays exactly as it was (the log never changes); readers see
    both, and the register marks the old one as corrected. Kind and subject
    default to the corrected entry's.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(ERR_OUTSIDE_TRANSACTION)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    _refuse_personal_data(fact)
    head = _locked_head()
    old = LogEntry.objects.filter(index=corrects).first()
    if old is None:
        raise ActionError(ERR_NO_SUCH_ENTRY.format(index=corrects))
    entry = _append(
        head,
        kind=kind or old.kind,
        subject=subject or old.subject,
        fact={**fact, "correction_reason": reason.strip()},
        corrects=corrects,
    )
    _store_checkpoint(head, keys.current_signer())
    return entry


def _store_checkpoint(head: LogHead, signer: Signer) -> Checkpoint:
    root = head_root(head)
    note = sign_checkpoint(keys.log_origin(), head.size, root, signer)
    return Checkpoint.objects.create(
        size=head.size,
        root_hash=root,
        note=note,
        verifier_key=str(signer.verifier),
        issued_at=timezone.now(),
    )


@transaction.atomic
def issue_checkpoint() -> Checkpoint:
    """Sign the current tree head now (the hourly heartbeat; also the first checkpoint)."""
    head = _locked_head()
    return _store_checkpoint(head, keys.current_signer())


def current_checkpoint(*, check_head: bool = False) -> Checkpoint:
    """The newest checkpoint; signs one first when there is none yet, or (``check_head``,
    as the checkpoint endpoint asks) when it no longer covers the head. A write, kept
    out of the selectors."""
    latest = selectors.latest_checkpoint()
    if latest is None or (check_head and latest.size != selectors.head().size):
        latest = issue_checkpoint()
    return latest


@transaction.atomic
def log_key_rotate(*, actor: Any, reason: str) -> Checkpoint:
    """Rotate the signing key, recording it in the log itself.

    The ``log.key_rotated`` entry (with the new verifier key) is covered by a
    checkpoint signed with the old key; then the same tree is signed with the new
    key. The new key file is put in force only when this transaction commits.
    """
    if not can(actor, Perm.ADMINISTER):
        raise NotAllowed(ERR_ADMIN_ONLY)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    if keys.key_from_environment():
        raise ActionError(ERR_KEY_FROM_ENV)
    old = keys.current_signer()
    new = keys.new_signer()
    head = _locked_head()
    entry = _append(
        head,
        kind=KEY_ROTATED,
        subject="log:signing-key",
        fact={
            "new_key": str(new.verifier),
            "previous_key": str(old.verifier),
            "origin": keys.log_origin(),
            "reason": reason.strip(),
        },
    )
    _store_checkpoint(head, old)
    checkpoint = _store_checkpoint(head, new)
    keys.stage_signer(new)
    transaction.on_commit(lambda: keys.install_staged(old))
    audit_record(
        actor=actor,
        verb="log.key_rotated",
        target=entry,
        before={"key": str(old.verifier)},
        after={"key": str(new.verifier)},
        reason=reason,
    )
    return checkpoint
