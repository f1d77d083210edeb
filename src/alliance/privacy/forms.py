"""Forms: the notice at sign-up (allauth's ACCOUNT_SIGNUP_FORM_CLASS), requests, answers.

This module must not import allauth.account.forms: allauth builds its sign-up form on
top of the class here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import PlainTextField
from alliance.privacy.models import AcceptanceContext, RequestKind, RequestStatus

ERR_MUST_ACCEPT = _("Accept the privacy notice to create an account.")


class SignupNoticeForm(forms.Form):
    privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice (/privacy/) and accept it"),
        required=True,
        error_messages={"required": ERR_MUST_ACCEPT},
    )

    def signup(self, request: Any, user: Any) -> None:
        from alliance.privacy.actions import notice_accept

        notice_accept(actor=user, context=AcceptanceContext.SIGNUP)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask for?"), choices=RequestKind.choices)
    details = PlainTextField(
        label=_("Details (what to correct, which use you object to)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (RequestStatus.GRANTED, _("Granted")),
            (RequestStatus.PARTLY_GRANTED, _("Partly granted")),
            (RequestStatus.REFUSED, _("Refused")),
        ],
    )
    outcome = PlainTextField(
        label=_("Outcome, as the person will read it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
