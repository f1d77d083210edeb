"""Size- and type-checked uploads: evidence of delivery for contributions in kind,
files attached to a partner's response to a notice, and to an applicant's answer to a
due-diligence question.

The type is judged by the file's first bytes, not by its name or the browser's claim,
and the name's extension must agree with it. Stored files get the mode
``FILE_UPLOAD_PERMISSIONS`` (0640) in directories of ``FILE_UPLOAD_DIRECTORY_PERMISSIONS``.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from alliance.core.errors import ActionError

ERR_TOO_LARGE = _("The file is too large (at most {limit} MB).")
ERR_BAD_TYPE = _("The file must be a PDF, PNG or JPEG.")
ERR_EMPTY = _("The file is empty.")

# extension -> leading bytes of that format
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
DEFAULT_LIMIT = 10 * 1024 * 1024


def evidence_limit() -> int:
    return min(
        int(getattr(settings, "ALLIANCE_FUNDING_EVIDENCE_MAX_BYTES", DEFAULT_LIMIT)),
        int(getattr(settings, "ALLIANCE_MAX_UPLOAD_BYTES", DEFAULT_LIMIT)),
    )


def check_evidence(upload: UploadedFile, field: str = "evidence") -> None:
    """Refuse anything too large, empty, or not what its content says it is (the error
    names ``field``, the form field to show it on)."""
    limit = evidence_limit()
    if upload.size is not None and upload.size > limit:
        raise ActionError(ERR_TOO_LARGE.format(limit=limit // (1024 * 1024)), field=field)
    if not upload.size:
        raise ActionError(ERR_EMPTY, field=field)
    signatures = SIGNATURES.get(PurePath(upload.name or "").suffix.lower())
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not signatures or not head.startswith(signatures):
        raise ActionError(ERR_BAD_TYPE, field=field)
