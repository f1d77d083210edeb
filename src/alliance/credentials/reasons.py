"""The reasons credentials write themselves (stored in English), in the reader's words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance.core.audit_reasons import audit_reason_shown
from alliance.core.reasoning import Form

# A re-issue's revocation reason (credentials.actions.credential_reissue).
REISSUED = "re-issued: {reason}"

# The reason it quotes (a tier change, a Board decision) is read in turn.
REASON_FORMS = (Form(REISSUED, _("re-issued: %(reason)s"), words={"reason": audit_reason_shown}),)
