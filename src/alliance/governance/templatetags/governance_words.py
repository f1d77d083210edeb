"""``{{ step|tally_step }}``: a tally's reasoning step in the reader's language;
``{{ why|why_shown }}``: why a neutrality review's beneficiary benefits;
``{{ motion.title|motion_title }}`` and ``{{ motion.text|motion_text }}``: an admission
or decline motion's stated title and text (governance.motion_words)."""

from __future__ import annotations

from django import template

from alliance.governance.conflicts import why_shown
from alliance.governance.motion_words import (
    decision_reason_shown,
    motion_text_shown,
    motion_title_shown,
)
from alliance.governance.reasoning import tally_step_shown

register = template.Library()
register.filter("tally_step", tally_step_shown)
register.filter("why_shown", why_shown)
register.filter("motion_title", motion_title_shown)
register.filter("motion_text", motion_text_shown)
register.filter("decision_reason", decision_reason_shown)
