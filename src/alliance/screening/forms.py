from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.screening.models import Verdict


class ListUploadForm(forms.Form):
    list_file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "An official list file: UN, OFAC, UK OFSI, EU, Canada (XML or CSV) or "
            "OpenSanctions FollowTheMoney JSON lines."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,.jsonl,.json,.ftm"}),
    )


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    reason = forms.CharField(max_length=4000, required=False)
