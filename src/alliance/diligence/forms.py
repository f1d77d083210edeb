"""Forms for the case page: one small form per step record."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance.core.forms import DOCUMENT_TEXT, PlainTextField
from alliance.diligence.labels import CONTROVERSY_STATUS, SEVERITY
from alliance.diligence.models import LEVEL_CHOICES, Finding, Recommendation
from alliance.engines.risk import ControversyStatus, Severity

TEXT = forms.Textarea(attrs={"rows": 2})


class NoteForm(forms.Form):
    text = PlainTextField(label=_("What was checked"), widget=TEXT, max_length=4000)
    evidence = PlainTextField(
        label=_("Evidence (source, document, link)"), widget=TEXT, max_length=4000, required=False
    )


class SectorsForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("High-risk sectors the organisation works in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    evidence = PlainTextField(label=_("Evidence"), widget=TEXT, max_length=4000, required=False)

    def __init__(self, *args: Any, sectors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sectors"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = sectors


class FindingForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices)
    evidence = PlainTextField(label=_("Evidence"), widget=TEXT, max_length=4000)


class ControversyForm(forms.Form):
    title = forms.CharField(label=_("Finding"), max_length=300)
    source_url = forms.URLField(label=_("Source link"), max_length=500, assume_scheme="https")
    source_title = forms.CharField(label=_("Source title"), max_length=300, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[(s.value, pgettext_lazy(SEVERITY, s.value)) for s in Severity]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, pgettext_lazy(CONTROVERSY_STATUS, s.value)) for s in ControversyStatus],
    )
    summary = PlainTextField(label=_("Summary"), widget=TEXT, max_length=4000, required=False)


class ControversyStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, pgettext_lazy(CONTROVERSY_STATUS, s.value)) for s in ControversyStatus],
    )
    evidence = PlainTextField(label=_("Evidence for the change"), widget=TEXT, max_length=4000)


class EsgForm(forms.Form):
    evidence = PlainTextField(
        label=_("Evidence (leave empty for none)"), widget=TEXT, max_length=4000, required=False
    )


class OverrideForm(forms.Form):
    level = forms.ChoiceField(label=_("Risk level"), choices=LEVEL_CHOICES)
    reason = PlainTextField(label=_("Written reason"), widget=TEXT, max_length=4000, required=False)


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    reasoning = PlainTextField(label=_("Reasoning"), widget=TEXT, max_length=4000)
    mitigations = PlainTextField(
        label=_("Mitigations"), widget=TEXT, max_length=4000, required=False
    )


class RiskLogForm(forms.Form):
    risk = forms.CharField(label=_("Risk"), max_length=300)
    mitigation = PlainTextField(label=_("Mitigation"), widget=TEXT, max_length=4000)
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)


class MonitoringForm(forms.Form):
    plan = PlainTextField(label=_("Monitoring plan"), widget=TEXT, max_length=4000)


class SignOffForm(forms.Form):
    note = PlainTextField(label=_("Sign-off note"), widget=TEXT, max_length=4000, required=False)


class ReasonForm(forms.Form):
    reason = PlainTextField(label=_("Reason"), widget=TEXT, max_length=4000)


class QuestionForm(forms.Form):
    question = PlainTextField(label=_("Question to the applicant"), widget=TEXT, max_length=4000)


class AnswerForm(forms.Form):
    answer = PlainTextField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000
    )
    attachment = forms.FileField(
        label=_("A file with your answer (optional)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from alliance.core.uploads import evidence_limit

        super().__init__(*args, **kwargs)
        limit = evidence_limit() // (1024 * 1024)
        self.fields["attachment"].help_text = _("PDF, PNG or JPEG, at most %(limit)s MB.") % {
            "limit": limit
        }


class PolicyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    policy_data = PlainTextField(
        label=_("Policy data (JSON)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=DOCUMENT_TEXT,
    )
    make_default = forms.BooleanField(label=_("Use for new cases"), required=False)

    def clean_policy_data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cleaned_data["policy_data"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                str(_("Not valid JSON: {error}")).format(error=error)
            ) from error
        if not isinstance(data, dict):
            raise forms.ValidationError(_("The policy data must be a JSON object."))
        return data


class PolicyVersionForm(forms.Form):
    policy_data = PlainTextField(
        label=_("Policy data (JSON)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=DOCUMENT_TEXT,
    )
    note = forms.CharField(label=_("What changed and why"), max_length=300)

    clean_policy_data = PolicyForm.clean_policy_data
