"""``{{ line|risk_step }}``: a risk assessment's reasoning step in the reader's language."""

from __future__ import annotations

from django import template

from alliance.diligence.reasoning import risk_step_shown

register = template.Library()
register.filter("risk_step", risk_step_shown)
