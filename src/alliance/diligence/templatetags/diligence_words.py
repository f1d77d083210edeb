"""``{{ line|risk_step }}``: a risk assessment's reasoning step in the reader's language;
``{{ case.reason|case_reason }}`` why a case was opened, ``{{ note.text|system_note }}`` a
note the system wrote."""

from __future__ import annotations

from django import template

from alliance.diligence.reasoning import case_reason_shown, risk_step_shown, system_note_shown

register = template.Library()
register.filter("risk_step", risk_step_shown)
register.filter("case_reason", case_reason_shown)
register.filter("system_note", system_note_shown)
