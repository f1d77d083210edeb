"""System-written audit reasons, shown in the reader's language.

Actions store the reasons they write themselves ("Application submitted.", "Board
decision #12: partnership suspended") in English, on the audit event and on the rows
they change; stored rows are never rewritten. Each app registers the sentence forms of
the reasons it writes (``core.reasoning.Form``) in its ``ready``; the audit and timeline
pages show a reason through :func:`audit_reason_shown`, which reads it back into its form
and translates it. A reason a person typed matches no form and is shown as written."""

from __future__ import annotations

from collections.abc import Iterable

from alliance.core.reasoning import Form, shown

AUDIT_REASON_FORMS: list[Form] = []


def register_reason_forms(forms: Iterable[Form]) -> None:
    """Add the forms of the reasons an app's actions write (more specific forms first:
    the first form that reads a reason translates it)."""
    for form in forms:
        if form not in AUDIT_REASON_FORMS:
            AUDIT_REASON_FORMS.append(form)


def audit_reason_shown(reason: str) -> str:
    """A stored audit reason in the active language, or as written (typed by a person,
    or a form nobody registered)."""
    return shown(str(reason), AUDIT_REASON_FORMS) if reason else ""
