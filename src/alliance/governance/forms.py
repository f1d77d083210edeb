"""Forms for Board pages."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import (
    DOCUMENT_TEXT,
    LONG_TEXT,
    SHORT_TEXT,
    DateInput,
    DateTimeLocalInput,
    PlainTextField,
    text_field,
)
from alliance.core.i18n import date_shown
from alliance.funding.selectors import tier_choices_in_force
from alliance.governance.models import (
    DueProcessNotice,
    Meeting,
    Motion,
    MotionKind,
    MotionOutcome,
    MotionStatus,
    NoticeKind,
    VoteChoice,
)
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Application, Organisation, Partnership

DATE = DateInput()


def _help_html(text: Any, *args: Any) -> SafeString:
    return format_html(str(text), *args)


# Formatted when the form renders, so the help text is in the reader's language.
_lazy_format_html = lazy(_help_html, SafeString)

NO_READY_APPLICATION = _(
    "No application is ready for a Board decision: an admission or decline needs the "
    "application's due-diligence case signed off by someone other than its preparer, and "
    "a Board pack made from that revision. Sign off the case and make its Board pack on "
    "the case page first; the application is listed here once both are done."
)


def _tier_choices() -> list[tuple[str, str]]:
    """The tiers of the schedule in force, read when the form renders or validates."""
    return [
        ("", str(_("Left to the funding recommendation"))),
        *tier_choices_in_force(timezone.localdate()),
    ]


WORDED_FROM_THE_CASE = (MotionKind.ADMISSION, MotionKind.DECLINE)

# A form left open (another tab, the back button) naming an application a motion was
# opened on since: said as such, not Django's "Select a valid choice".
ERR_APPLICATION_HAS_MOTION = _(
    "The application of %(organisation)s already has a motion: motion #%(pk)s (%(status)s). "
    "No second motion was opened; follow the existing one from the Board's motions."
)


class MotionForm(forms.Form):
    # A tier schedule is proposed from its own page (/funding/schedule/propose/).
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in MotionKind.choices if c[0] != MotionKind.TIER_SCHEDULE],
    )
    # An admission or decline motion is worded from its case (governance.lifecycle.
    # admission_motion_wording): a blank title takes the case's, a text follows the
    # case's statement as the mover's note. Every other kind needs both (clean).
    title = forms.CharField(
        label=_("Title"),
        max_length=SHORT_TEXT,
        required=False,
        help_text=_("For an admission or decline, leave it blank to use the case's title."),
    )
    text = text_field(
        _("Motion text"),
        limit=LONG_TEXT,
        rows=4,
        required=False,
        help_text=_(
            "For an admission or decline, the motion states the case; what you write here "
            "follows as the mover's note."
        ),
    )
    application = forms.ModelChoiceField(
        label=_("Application"),
        queryset=Application.objects.none(),
        required=False,
        help_text=_("For an admission or decline: an application ready for the Board."),
    )
    tier = forms.ChoiceField(
        label=_("Tier"),
        required=False,
        choices=_tier_choices,
        help_text=_("For an admission: a tier of the tier schedule in force."),
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        help_text=_("For a suspension, reinstatement or termination."),
    )
    notice = forms.ModelChoiceField(
        label=_("Notice"),
        queryset=DueProcessNotice.objects.none(),
        required=False,
        help_text=_("Suspension and termination need a notice sent to the partner."),
    )
    endorsement_subject = forms.CharField(
        label=_("Endorsement subject"),
        max_length=300,
        required=False,
        help_text=_("For an endorsement: what is endorsed."),
    )
    proposed_rules = PlainTextField(
        label=_("Proposed rules"),
        required=False,
        max_length=DOCUMENT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_lazy_format_html(
            _("For a rule change: the changed rules as JSON, for example <code>{}</code>."),
            '{"quorum_minimum": 4}',
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Decide in this meeting…"),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE,
        help_text=_("…or by written resolution with this deadline."),
    )

    def __init__(
        self, *args: Any, ready_applications: list[Application] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        # Only the applications an admission or decline motion may open on, as the view
        # found them (governance.lifecycle.applications_ready_for_board, the predicate
        # check_admission_ready); none, and the form says why.
        ready = [a.pk for a in ready_applications or []]
        fields["application"].queryset = Application.objects.filter(pk__in=ready).select_related(
            "organisation"
        )
        self.no_ready_application = "" if ready else NO_READY_APPLICATION
        fields["partnership"].queryset = Partnership.objects.filter(
            status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED]
        ).select_related("organisation")
        fields["notice"].queryset = DueProcessNotice.objects.select_related(
            "partnership__organisation"
        )
        # A meeting already held takes no new motion (motion_open refuses it too).
        fields["meeting"].queryset = Meeting.objects.filter(
            starts_at__date__gte=timezone.localdate()
        )
        # Dates in the options as the rest of the site writes them (walk 3: ISO dates).
        fields["meeting"].label_from_instance = lambda m: (
            f"{m.title} ({date_shown(timezone.localtime(m.starts_at).date())})"
        )
        fields["application"].label_from_instance = lambda a: a.organisation.legal_name
        fields["partnership"].label_from_instance = lambda p: p.organisation.legal_name
        fields["notice"].label_from_instance = lambda n: (
            _("%(organisation)s: %(kind)s (%(sent)s, response due %(due)s)")
            % {
                "organisation": n.partnership.organisation.legal_name,
                "kind": n.get_kind_display(),
                "sent": date_shown(n.sent_on),
                "due": date_shown(n.response_due),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._explain_application_with_motion()
        if data.get("kind") not in WORDED_FROM_THE_CASE:
            for name in ("title", "text"):
                if name not in self.errors and not (data.get(name) or "").strip():
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def _explain_application_with_motion(self) -> None:
        """The application refused as not among the choices because a motion already
        stands on it: the error names that motion instead of the generic one."""
        if "application" not in self.errors:
            return
        raw = str(self.data.get(self.add_prefix("application")) or "")
        if not raw.isdigit():
            return
        # One open, or one that passed (the application is decided): a failed or
        # withdrawn motion leaves the application free for another.
        motions = Motion.objects.filter(
            application_id=int(raw), kind__in=WORDED_FROM_THE_CASE
        ).select_related("application__organisation")
        motion = (
            motions.filter(status=MotionStatus.OPEN).first()
            or motions.filter(outcome=MotionOutcome.PASSED).order_by("-pk").first()
        )
        if motion is None or motion.application is None:
            return
        status = motion.get_outcome_display() if motion.outcome else motion.get_status_display()
        self.errors["application"] = self.error_class(
            [
                ERR_APPLICATION_HAS_MOTION
                % {
                    "organisation": motion.application.organisation.legal_name,
                    "pk": motion.pk,
                    "status": str(status).lower(),
                }
            ]
        )

    def clean_proposed_rules(self) -> dict[str, Any] | None:
        raw = self.cleaned_data["proposed_rules"].strip()
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON.")) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Give an object of rule names and values."))
        return value


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Vote"), choices=VoteChoice.choices)
    # The member's vote as the page showed it ("" for none): a vote from a stale page
    # (another tab) is refused rather than silently replacing a newer one.
    seen = forms.ChoiceField(
        choices=[("", ""), *VoteChoice.choices], required=False, widget=forms.HiddenInput
    )


class ConflictAnswerForm(forms.Form):
    recuse = forms.BooleanField(label=_("Recuse"), required=False)
    explanation = text_field(_("Explanation"), rows=2, required=False)


class RecuseForm(forms.Form):
    reason = text_field(_("Reason"), rows=2)


class RulingForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Ruling"),
        # "True"/"False" so that a saved ruling renders back as the option it was.
        choices=[
            ("True", _("Accept the explanation: the member takes part")),
            ("False", _("Reject it: the member is recused")),
        ],
        coerce=lambda v: v in (True, "True"),
        widget=forms.RadioSelect,
    )
    reason = text_field(_("Reason for the ruling"), limit=LONG_TEXT, rows=2)


class WithdrawForm(forms.Form):
    reason = text_field(_("Why the motion is withdrawn"), limit=LONG_TEXT, rows=2)


class NeutralityForm(forms.Form):
    open_standard = forms.BooleanField(required=False, label=_("Rests on an open standard"))
    independent_implementations = forms.IntegerField(
        min_value=0, label=_("Independent implementations")
    )
    conclusion = text_field(_("Reviewer's conclusion"))


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    agenda = text_field(_("Agenda"), limit=LONG_TEXT, rows=4)


class MinutesForm(forms.Form):
    attendees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = text_field(_("Minutes"), limit=LONG_TEXT, rows=6, required=False)


class InterestForm(forms.Form):
    description = text_field(_("Description"), rows=2)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    reasons = text_field(_("Reasons"), rows=4)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern of Django's file-upload documentation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ResponseForm(forms.Form):
    response = text_field(_("Response"), limit=LONG_TEXT, rows=5)
    attachments = MultipleFileField(
        required=False,
        label=_("Attachments (PDF, PNG or JPEG)"),
        help_text=_("Documents supporting your response, each within the upload size limit."),
    )
