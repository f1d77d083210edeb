"""``{{ step|tally_step }}``: a tally's reasoning step in the reader's language;
``{{ why|why_shown }}``: why a neutrality review's beneficiary benefits."""

from __future__ import annotations

from django import template

from alliance.governance.conflicts import why_shown
from alliance.governance.reasoning import tally_step_shown

register = template.Library()
register.filter("tally_step", tally_step_shown)
register.filter("why_shown", why_shown)
