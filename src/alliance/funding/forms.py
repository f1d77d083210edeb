"""Forms for the secretariat's funding pages. Money fields are DecimalFields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import SHORT_TEXT, TEXT, DateInput, PlainTextField, text_field
from alliance.funding.models import Currency, InKindCategory
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Organisation


def money_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=16, decimal_places=2, min_value=Decimal("0.01"), **kwargs
    )


def rate_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=18, decimal_places=8, min_value=Decimal("0.00000001"), **kwargs
    )


def _date_input() -> forms.DateInput:
    return DateInput()


class PledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        # A terminated or withdrawn partner pledges no more (funding.actions.contributes_now).
        queryset=Organisation.objects.filter(partnership__isnull=False)
        .exclude(
            partnership__status__in=[PartnershipStatus.TERMINATED, PartnershipStatus.WITHDRAWN]
        )
        .order_by("legal_name"),
        label=_("Organisation"),
    )
    total = money_field(_("Total pledged (in the pledge currency)"))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=Currency.USD
    )
    rate_to_base = rate_field(_("Rate: US$ per unit of the currency"), initial=Decimal(1))
    start = forms.DateField(label=_("First instalment due"), widget=_date_input())
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=10, initial=1)
    per_year = forms.TypedChoiceField(
        label=_("Instalments a year"),
        coerce=int,
        initial=1,
        choices=[(n, n) for n in (1, 2, 4, 12)],
    )
    note = text_field(_("Note"), rows=2, required=False)


class ReceiptForm(forms.Form):
    reference = forms.CharField(max_length=100, label=_("Payment reference"))
    amount = money_field(_("Amount received (in the pledge currency)"))
    received_on = forms.DateField(label=_("Received on"), widget=_date_input(), initial=date.today)
    rate_to_base = rate_field(
        _("Rate on the day (US$ per unit); blank for the pledge's rate"), required=False
    )
    confirm_overpayment = forms.BooleanField(
        required=False, label=_("The amount is right although it pays more than is owed")
    )


class InKindForm(forms.Form):
    # Terminated or withdrawn partners are no longer offered (funding.actions.contributes_now).
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(partnership__isnull=False)
        .exclude(
            partnership__status__in=[PartnershipStatus.TERMINATED, PartnershipStatus.WITHDRAWN]
        )
        .order_by("legal_name"),
        label=_("Organisation"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=InKindCategory.choices)
    description = text_field(_("Description"))
    hours = forms.DecimalField(
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        label=_("Hours (expertise)"),
    )
    declared_value = money_field(_("Declared value"))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=Currency.USD
    )
    rate_to_base = rate_field(_("Rate: US$ per unit"), initial=Decimal(1))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=_date_input())
    evidence = forms.FileField(required=False, label=_("Evidence of delivery (PDF, PNG or JPEG)"))
    evidence_note = forms.CharField(
        required=False, label=_("About the evidence"), max_length=SHORT_TEXT
    )


class BudgetForm(forms.Form):
    """Lines as 'label: amount', one a line, so a whole budget fits one text box."""

    lines = PlainTextField(
        label=_("Lines"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One line each: label: amount in US$"),
        max_length=TEXT,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=SHORT_TEXT)

    def clean_lines(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not raw.strip():
                continue
            label, sep, amount = raw.rpartition(":")
            try:
                value = Decimal(amount.strip().replace(",", ""))
            except ArithmeticError as error:
                message = str(_("Line {number}: the amount is not a number.")).format(number=number)
                raise forms.ValidationError(message) from error
            if not sep or not label.strip():
                raise forms.ValidationError(
                    str(_("Line {number}: write 'label: amount'.")).format(number=number)
                )
            parsed.append((label.strip(), value.quantize(Decimal("0.01"))))
        return parsed

    @staticmethod
    def initial_for(lines: Any) -> str:
        return "\n".join(f"{line.label}: {line.amount}" for line in lines)


class ConfirmTierForm(forms.Form):
    note = forms.CharField(required=False, label=_("Note (optional)"), max_length=SHORT_TEXT)


class PledgeAmendForm(forms.Form):
    """New terms for a pledge, with the reason; the currency and partner stay."""

    total = money_field(_("Total pledged (in the pledge currency)"))
    rate_to_base = rate_field(_("Rate: US$ per unit of the currency"))
    start = forms.DateField(label=_("First instalment due"), widget=_date_input())
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=10)
    per_year = forms.TypedChoiceField(
        label=_("Instalments a year"), coerce=int, choices=[(n, n) for n in (1, 2, 4, 12)]
    )
    note = text_field(_("Note"), rows=2, required=False)
    reason = text_field(_("Reason for the change (kept in the pledge's history)"), rows=2)

    @staticmethod
    def initial_for(pledge: Any) -> dict[str, Any]:
        return {
            "total": pledge.total,
            "rate_to_base": pledge.rate_to_base,
            "start": pledge.start,
            "years": pledge.years,
            "per_year": pledge.per_year,
            "note": pledge.note,
        }


class PledgeCancelForm(forms.Form):
    reason = text_field(_("Reason for cancelling (kept in the pledge's history)"), rows=2)
