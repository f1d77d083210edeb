from __future__ import annotations

from django import forms

from alliance.screening.models import Verdict


class ListUploadForm(forms.Form):
    list_file = forms.FileField(
        label="List file",
        help_text="An official list file: UN, OFAC, UK OFSI, EU, Canada (XML or CSV) or "
        "OpenSanctions FollowTheMoney JSON lines.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,.jsonl,.json,.ftm"}),
    )


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    reason = forms.CharField(max_length=4000, required=False)
