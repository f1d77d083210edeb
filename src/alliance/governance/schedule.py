"""The tier schedule's public page and its proposal to the Board.

The schedule is funding's data, but a new schedule is adopted only by a passed Board
motion (``governance.actions.motion_close``), and the page lists the motions pending,
so these pages sit in governance, the layer above funding."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.errors import ActionError
from alliance.core.forms import DOCUMENT_TEXT, LONG_TEXT, PlainTextField, text_field
from alliance.core.permissions import Perm, can, require
from alliance.funding import selectors
from alliance.funding.actions import tier_schedule_parse
from alliance.funding.forms import _date_input
from alliance.funding.models import TierScheduleVersion
from alliance.governance.actions import motion_open_tier_schedule
from alliance.governance.models import Meeting, Motion, MotionKind, MotionStatus
from alliance.governance.selectors import rules_in_force


class ScheduleProposalForm(forms.Form):
    """A new tier schedule put to the Board: the JSON of the schedule in force, edited."""

    title = forms.CharField(max_length=300, label=_("Motion title"))
    text = text_field(_("Motion text (why the schedule changes)"), limit=LONG_TEXT)
    schedule = PlainTextField(
        max_length=DOCUMENT_TEXT,
        label=_("Proposed schedule (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "The schedule in force, as JSON: change amounts, multipliers or tiers and "
            'give it a new "version". Amounts are strings ("1500"), never plain numbers.'
        ),
    )
    effective_from = forms.DateField(label=_("Takes effect on"), widget=_date_input())
    partnership_period_years = forms.IntegerField(
        label=_("Partnership period (years)"), min_value=1, max_value=10
    )
    publish_individual_amounts = forms.BooleanField(
        required=False, label=_("Publish each partner's contributions on the public funding page")
    )
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_(
            "Decide in this Board meeting…",
        ),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "…or by written resolution with this deadline.",
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.all()  # type: ignore[attr-defined]

    def clean_schedule(self) -> dict[str, Any]:
        """Server-side check: valid JSON, and a schedule every cell of which computes."""
        raw = self.cleaned_data["schedule"]
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
            ) from error
        try:
            tier_schedule_parse(document)
        except ActionError as error:
            raise forms.ValidationError(error.message) from error
        return document


def public_schedule(request: HttpRequest) -> HttpResponse:
    # Each version with the Board decision and motion that adopted it (none for v1).
    versions = list(TierScheduleVersion.objects.select_related("board_decision__motion"))
    current = selectors.schedule_version_in_force(timezone.localdate())
    schedule = selectors.schedule_of(current)
    return render(
        request,
        "funding/schedule.html",
        {
            "current": current,
            "schedule": schedule,
            "versions": versions,
            "tiers": schedule.tiers_by_rank()[::-1],
            "rows": list(schedule.rows()),
            "can_propose": can(request.user, Perm.RECORD_BOARD_DECISION),
            "pending": Motion.objects.filter(
                kind=MotionKind.TIER_SCHEDULE, status=MotionStatus.OPEN
            ),
        },
    )


def _proposal_initial(today: date) -> dict[str, Any]:
    """Pre-filled with the schedule in force, effective next 1 January, decided in writing."""
    current = selectors.schedule_version_in_force(today)
    rules = rules_in_force()
    notice_days = rules.rules["notice_period_days"] if rules else 14
    return {
        "title": "Adopt a new tier schedule",
        "schedule": json.dumps(current.schedule, indent=2, ensure_ascii=False),
        "effective_from": date(today.year + 1, 1, 1),
        "partnership_period_years": current.partnership_period_years,
        "publish_individual_amounts": current.publish_individual_amounts,
        "deadline": today + timedelta(days=notice_days),
    }


@login_required
def schedule_propose(request: HttpRequest) -> HttpResponse:
    """The secretariat or the chair puts a new schedule to the Board as a motion; only a
    passed motion adopts it (governance.actions.motion_close)."""
    require(request.user, Perm.RECORD_BOARD_DECISION)
    today = timezone.localdate()
    form = ScheduleProposalForm(request.POST or None, initial=_proposal_initial(today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = motion_open_tier_schedule(
                actor=request.user,
                title=data["title"],
                text=data["text"],
                today=today,
                schedule=data["schedule"],
                effective_from=data["effective_from"],
                publish_amounts=data["publish_individual_amounts"],
                period_years=data["partnership_period_years"],
                meeting=data["meeting"],
                deadline=data["deadline"],
            )
        except ActionError as error:
            fields = {
                "proposed_schedule": "schedule",
                "schedule_effective_from": "effective_from",
                "schedule_period_years": "partnership_period_years",
            }
            field = fields.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("The motion is open; the schedule is adopted only if the Board passes it."),
            )
            return redirect("governance:motion", pk=motion.pk)
    return render(request, "funding/schedule_propose.html", {"form": form})
