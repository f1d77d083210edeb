"""Forms: the notice at sign-up (allauth's ACCOUNT_SIGNUP_FORM_CLASS), requests, answers.

This module must not import allauth.account.forms: allauth builds its sign-up form on
top of the class here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import PlainTextField
from alliance.privacy.models import AcceptanceContext, RequestKind, RequestStatus

ERR_MUST_ACCEPT = _("Accept the privacy notice to create an account.")


class SignupNoticeForm(forms.Form):
    privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice and accept it"),
        required=True,
        error_messages={"required": ERR_MUST_ACCEPT},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A link to the notice itself, opened beside the form so nothing typed is lost.
        self.fields["privacy_notice"].label = format_html(
            gettext(
                'I have read the <a href="{url}" target="_blank" rel="noopener">'
                "privacy notice</a> and accept it"
            ),
            url=reverse("privacy:notice"),
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


ERR_CONFIRM_ERASURE = _(
    "Tick the box to confirm the erasure: it takes effect at once and cannot be undone."
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
    confirm_erasure = forms.BooleanField(
        label=_(
            "I have read what will be erased and kept above; erase now (this cannot be undone)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, erasure: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.erasure = erasure
        if not erasure:
            del self.fields["confirm_erasure"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        granting = data.get("status") in (RequestStatus.GRANTED, RequestStatus.PARTLY_GRANTED)
        if self.erasure and granting and not data.get("confirm_erasure"):
            self.add_error("confirm_erasure", ERR_CONFIRM_ERASURE)
        return data
