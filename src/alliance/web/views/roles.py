"""Administrators' page for role grants: who holds which role, grant one, revoke one.
Every change goes through ``accounts.actions`` (audited); the Django admin only reads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance.accounts import actions
from alliance.accounts.models import RoleGrant, User
from alliance.core.errors import ActionError
from alliance.core.permissions import Perm, require
from alliance.core.roles import Role
from alliance.organisations.models import Organisation


class GrantForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Person (e-mail address of the account)"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation (partner contacts only)"),
        queryset=Organisation.objects.order_by("legal_name"),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (kept in the audit trail)"), required=False, max_length=500
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return user


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


def _page(request: HttpRequest, form: GrantForm, status: int = 200) -> HttpResponse:
    grants = RoleGrant.objects.select_related("user", "organisation").order_by(
        "user__email", "role", "organisation__legal_name"
    )
    context: dict[str, Any] = {"form": form, "grants": grants, "revoke_form": RevokeForm()}
    return render(request, "staff/roles.html", context, status=status)


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.ADMINISTER)
    form = GrantForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                grant = actions.role_grant(
                    actor=request.user,
                    user=data["email"],
                    role=data["role"],
                    organisation=data["organisation"],
                    reason=data["reason"],
                )
            except ActionError as error:
                field = error.field if error.field in form.fields else None
                form.add_error("email" if error.field == "user" else field, error.message)
            else:
                messages.success(request, _("Granted: %(grant)s.") % {"grant": grant})
                return redirect("web:roles")
        return _page(request, form, status=400)
    return _page(request, form)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.ADMINISTER)
    grant = get_object_or_404(RoleGrant.objects.select_related("user", "organisation"), pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(actions.ERR_REASON_REQUIRED))
        return redirect("web:roles")
    label = str(grant)
    try:
        actions.role_revoke(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Revoked: %(grant)s.") % {"grant": label})
    return redirect("web:roles")
