"""Forms for the application steps. They validate input; actions do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import SHORT_TEXT, CountryField, DateInput, PlainTextField, text_field
from alliance.organisations.choices import PersonRole
from alliance.organisations.models import Application, Organisation

COUNTRY_HELP = _("Choose the country by its name.")
NATIONALITY_HELP = _("The country of the person's nationality, chosen by its name.")


def _split_lines(value: str) -> list[str]:
    return [part.strip() for part in value.splitlines() if part.strip()]


class OrganisationForm(forms.ModelForm):
    registration_country = CountryField(label=_("Registration country"), help_text=COUNTRY_HELP)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    other_names_text = text_field(
        _("Other names (one per line)"), limit=SHORT_TEXT * 4, rows=2, required=False
    )
    sectors_text = text_field(
        _("Sectors (one per line)"), limit=SHORT_TEXT * 4, rows=2, required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "type",
            "registration_country",
            "registration_number",
            "headquarters",
            "website",
            "revenue_band",
            "staff_band",
            "income_group",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "legal_name": _("Legal name"),
            "type": _("Type"),
            "registration_number": _("Registration number"),
            "headquarters": _("Headquarters"),
            "revenue_band": _("Revenue or annual budget"),
            "staff_band": _("Staff"),
            "income_group": _("World Bank income group of your home country"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("revenue_band", "staff_band", "income_group"):
            self.fields[name].required = True
        if self.instance.pk:
            self.fields["other_names_text"].initial = "\n".join(self.instance.other_names)
            self.fields["sectors_text"].initial = "\n".join(self.instance.sectors)

    def organisation_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["other_names"] = _split_lines(self.cleaned_data.get("other_names_text", ""))
        data["sectors"] = _split_lines(self.cleaned_data.get("sectors_text", ""))
        return data


ERR_BORN_IN_FUTURE = _("A birth date cannot be in the future.")


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose…")), *PersonRole.choices])
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    nationality = CountryField(label=_("Nationality"), required=False, help_text=NATIONALITY_HELP)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    ownership_percent = forms.DecimalField(
        label=_("Ownership percent"), required=False, min_value=0, max_value=100, decimal_places=2
    )

    def clean_birth_date(self) -> Any:
        born = self.cleaned_data.get("birth_date")
        if born is not None and born > timezone.localdate():
            # Screening scores a match on the birth date too: a typo here must not pass.
            raise forms.ValidationError(ERR_BORN_IN_FUTURE)
        return born


PeopleFormSet = forms.formset_factory(PersonForm, extra=2, max_num=50, can_delete=True)


def people_from_formset(formset: Any) -> list[dict[str, Any]]:
    fields = list(PersonForm.base_fields)
    return [
        {name: form.cleaned_data.get(name) for name in fields}
        | {
            "nationality": form.cleaned_data.get("nationality") or "",
            "position": form.cleaned_data.get("position") or "",
        }
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class StanceForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "has_no_commercial_interest",
            "commercial_products",
            "commercial_services",
            "commercial_patents",
            "commercial_interests",
        ]
        labels = {
            "has_no_commercial_interest": _("We have no commercial interest in digital identity"),
            "commercial_products": _("Products in identity technology"),
            "commercial_services": _("Services in identity technology"),
            "commercial_patents": _("Patents and patent applications"),
            "commercial_interests": _("Other commercial interests in identity technology"),
        }
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields[1:]}
        field_classes = {f: PlainTextField for f in fields[1:]}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = [data.get(f, "").strip() for f in self.Meta.fields[1:]]
        if not data.get("has_no_commercial_interest") and not any(texts):
            raise forms.ValidationError(
                _(
                    "Disclose your commercial stance on digital identity, or tick that you "
                    "have none."
                )
            )
        if data.get("has_no_commercial_interest") and any(texts):
            raise forms.ValidationError(
                _("You ticked 'no commercial interest' but also described some: choose one.")
            )
        return data


ERR_AML_CFT_REQUIRED = _("This certification is required to apply.")


class MotivationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "humanitarian_motivation",
            "partnership_reasons",
            "brings_experience",
            "brings_expertise",
            "brings_networks",
            "brings_technology",
            "aml_cft_certified",
            "contribution_kind",
            "contribution_amount",
            "contribution_note",
        ]
        labels = {
            "humanitarian_motivation": _("Your humanitarian motivation"),
            "partnership_reasons": _("Why you want to partner with the alliance"),
            "brings_experience": _("Experience you bring"),
            "brings_expertise": _("Expertise you bring"),
            "brings_networks": _("Networks you bring"),
            "brings_technology": _("Technology you bring"),
            "aml_cft_certified": _(
                "We certify that we comply with anti-money-laundering and "
                "counter-terrorist-financing law (AML/CFT)"
            ),
            "contribution_kind": _("How you intend to contribute"),
            "contribution_amount": _("Annual financial contribution you offer (US$)"),
            "contribution_note": _(
                "Anything about your contribution (in-kind value, waiver reason)"
            ),
        }
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in fields
            if f.startswith(("humanitarian", "partnership", "brings", "contribution_note"))
        }
        field_classes = {f: PlainTextField for f in widgets}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["humanitarian_motivation"].required = True
        self.fields["contribution_kind"].required = True
        # Marked required on the page (the attribute and the asterisk), as the other
        # required fields are; a box left unticked is refused in these words.
        certified = self.fields["aml_cft_certified"]
        certified.required = True
        certified.error_messages["required"] = ERR_AML_CFT_REQUIRED

    def clean_aml_cft_certified(self) -> bool:
        if not self.cleaned_data.get("aml_cft_certified"):
            raise forms.ValidationError(ERR_AML_CFT_REQUIRED)
        return True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(
            (data.get(f) or "").strip()
            for f in (
                "brings_experience",
                "brings_expertise",
                "brings_networks",
                "brings_technology",
            )
        ):
            raise forms.ValidationError(
                _(
                    "Say what your organisation brings: experience, expertise, networks or "
                    "technology."
                )
            )
        amount = data.get("contribution_amount")
        if amount is not None and amount < 0:
            self.add_error("contribution_amount", _("The amount cannot be negative."))
        note = (data.get("contribution_note") or "").strip()
        if data.get("contribution_kind") == "waiver" and not note:
            self.add_error("contribution_note", _("Give the reason for the waiver you ask for."))
        return data


class AttestationForm(forms.Form):
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and consent to the processing it describes"),
        required=True,
    )

    def __init__(self, *args: Any, principles: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principles = principles
        for p in principles:
            self.fields[f"principle_{p['code']}"] = forms.BooleanField(
                label=str(_("We attest: {title}")).format(title=p["title"]),
                required=True,
                help_text=p["text"],
                error_messages={"required": _("Attest to this principle to apply.")},
            )
        # Consent last on the page.
        self.order_fields([f"principle_{p['code']}" for p in principles] + ["privacy_consent"])

    def attested_codes(self) -> list[str]:
        return [
            p["code"] for p in self.principles if self.cleaned_data.get(f"principle_{p['code']}")
        ]


class ReasonForm(forms.Form):
    reason = text_field(_("Reason"))
