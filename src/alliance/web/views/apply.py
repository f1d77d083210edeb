"""The multi-step application: save a draft at each step, return later, submit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.core.errors import ActionError
from alliance.core.permissions import Perm, can
from alliance.funding.selectors import offer_warning
from alliance.governance import flows
from alliance.organisations import actions
from alliance.organisations.choices import ApplicationStatus
from alliance.organisations.forms import (
    AttestationForm,
    MotivationForm,
    OrganisationForm,
    PeopleFormSet,
    ReasonForm,
    StanceForm,
    people_from_formset,
)
from alliance.organisations.models import Application
from alliance.organisations.principles import principles_shown
from alliance.organisations.selectors import applications_for_user, current_principle_set
from alliance.privacy.actions import notice_accept
from alliance.privacy.models import AcceptanceContext

STEPS: list[tuple[str, Promise]] = [
    ("organisation", _("Organisation")),
    ("people", _("Officers and owners")),
    ("stance", _("Commercial stance")),
    ("motivation", _("Motivation and contribution")),
    ("principles", _("Principles and consent")),
    ("review", _("Review and submit")),
]
STEP_SLUGS = [slug for slug, _ in STEPS]
RESUMED_DRAFT = _(
    "You already had a draft for this organisation: it was updated instead of starting another."
)

# A second tab still showing a step after the application was submitted from another.
ALREADY_SUBMITTED = _(
    "This application has already been submitted, so nothing from this page was saved. "
    "It is shown below as it was submitted."
)


def _own_application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    if not can(request.user, Perm.EDIT_OWN_APPLICATION, application):
        raise PermissionDenied(_("This application belongs to another organisation."))
    return application


def _next_step(slug: str) -> str:
    return STEP_SLUGS[min(STEP_SLUGS.index(slug) + 1, len(STEP_SLUGS) - 1)]


def _render_step(
    request: HttpRequest, application: Application | None, slug: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"apply/step_{slug}.html",
        {
            "application": application,
            "steps": STEPS,
            "step": slug,
            "step_number": STEP_SLUGS.index(slug) + 1,
            **context,
        },
    )


DRAFT_KEPT_PARTLY = _(
    "Draft saved. This step is not complete yet: come back to finish it at any time."
)


def _draft_to_resume(request: HttpRequest, form: OrganisationForm | None) -> Application | None:
    """One draft per organisation and applicant. Without ``?new`` the applicant's draft
    is resumed; with it, a draft for the same organisation (same name and country) is."""
    drafts = applications_for_user(request.user).filter(status=ApplicationStatus.DRAFT)
    if "new" not in request.GET:
        return drafts.first()
    if form is None or not form.is_valid():
        return None
    return drafts.filter(
        organisation__legal_name__iexact=form.cleaned_data["legal_name"].strip(),
        organisation__registration_country=form.cleaned_data["registration_country"],
    ).first()


@login_required
def apply_start(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        draft = _draft_to_resume(request, None)
        if draft is not None:
            return redirect("web:apply_step", pk=draft.pk, step="organisation")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = _draft_to_resume(request, form)
        if draft is not None:
            # A second tab on step 1: the existing draft is saved, not a second one made.
            actions.application_update(
                actor=request.user,
                application=draft,
                organisation_fields=form.organisation_fields(),
                step_reached=2,
            )
            messages.info(request, RESUMED_DRAFT)
            return redirect("web:apply_step", pk=draft.pk, step="people")
        application = actions.application_start(
            actor=request.user, organisation_fields=form.organisation_fields()
        )
        actions.application_update(actor=request.user, application=application, step_reached=2)
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return redirect("web:apply_step", pk=application.pk, step="people")
    return _render_step(request, None, "organisation", form=form)


@login_required
def apply_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SLUGS:
        raise Http404(_("No such step."))
    application = _own_application(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        if request.method == "POST":
            messages.warning(request, ALREADY_SUBMITTED)
        return redirect("web:application_detail", pk=application.pk)
    handler = _STEP_HANDLERS[step]
    return handler(request, application)


def _step_organisation(request: HttpRequest, application: Application) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=application.organisation)
    if request.method == "POST" and form.is_valid():
        actions.application_update(
            actor=request.user,
            application=application,
            organisation_fields=form.organisation_fields(),
            step_reached=2,
        )
        return _saved(request, application, "organisation")
    # A ModelForm bound to the instance mutates it on validation; reload for display.
    return _render_step(request, application, "organisation", form=form)


def _step_people(request: HttpRequest, application: Application) -> HttpResponse:
    initial = list(
        application.organisation.people.values(
            "name", "role", "position", "nationality", "birth_date", "ownership_percent"
        )
    )
    formset = PeopleFormSet(request.POST or None, initial=initial, prefix="people")
    if request.method == "POST" and formset.is_valid():
        actions.application_update(
            actor=request.user,
            application=application,
            people=people_from_formset(formset),
            step_reached=3,
        )
        return _saved(request, application, "people")
    return _render_step(request, application, "people", formset=formset)


def _step_stance(request: HttpRequest, application: Application) -> HttpResponse:
    return _model_step(request, application, "stance", StanceForm, 4)


def _step_motivation(request: HttpRequest, application: Application) -> HttpResponse:
    response = _model_step(request, application, "motivation", MotivationForm, 5)
    if request.method == "POST" and response.status_code == 302:
        warning = offer_warning(Application.objects.get(pk=application.pk))
        if warning:
            messages.warning(request, warning)
    return response


def _model_step(
    request: HttpRequest, application: Application, slug: str, form_class: Any, reached: int
) -> HttpResponse:
    form = form_class(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        fresh = Application.objects.get(pk=application.pk)
        actions.application_update(
            actor=request.user,
            application=fresh,
            application_fields=fields,
            step_reached=reached,
        )
        return _saved(request, fresh, slug)
    if request.method == "POST" and "save_and_exit" in request.POST:
        # Leaving midway keeps what is valid of an unfinished step; the step stays open.
        valid = {
            name: form.cleaned_data[name]
            for name in form_class.Meta.fields
            if name in form.cleaned_data and name not in form.errors
        }
        try:
            actions.application_update(
                actor=request.user,
                application=Application.objects.get(pk=application.pk),
                application_fields=valid,
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, DRAFT_KEPT_PARTLY)
            return redirect("web:dashboard")
    return _render_step(request, application, slug, form=form)


def _step_principles(request: HttpRequest, application: Application) -> HttpResponse:
    principle_set = current_principle_set()
    attested = set(application.attestations.values_list("principle_code", flat=True))
    initial = {f"principle_{code}": True for code in attested}
    if application.privacy_consent_at:
        initial["privacy_consent"] = True
    # In the page's language, English where the secretariat has no translation yet: the
    # attestation hashes exactly these texts.
    form = AttestationForm(
        request.POST or None, initial=initial, principles=principles_shown(principle_set)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.application_attest(
                    actor=request.user,
                    application=application,
                    principle_codes=form.attested_codes(),
                    privacy_consent=form.cleaned_data["privacy_consent"],
                    language=get_language(),
                )
                # The notice version and hash the applicant consented to (privacy app).
                notice_accept(
                    actor=request.user,
                    context=AcceptanceContext.APPLICATION,
                    application=application,
                )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            return _saved(request, application, "principles")
    return _render_step(request, application, "principles", form=form, principle_set=principle_set)


def _step_review(request: HttpRequest, application: Application) -> HttpResponse:
    problems = actions.application_problems(application)
    if request.method == "POST":
        try:
            flows.application_submit(actor=request.user, application=application)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Application submitted. The secretariat will begin due diligence.")
            )
            return redirect("web:application_detail", pk=application.pk)
    return _render_step(
        request,
        application,
        "review",
        problems=problems,
        offer_warning=offer_warning(application),
        principles_attested=_attested_titles(application),
        people=application.organisation.people.all(),
    )


def _attested_titles(application: Application) -> list[str]:
    titles = {p["code"]: p["title"] for p in principles_shown(current_principle_set())}
    codes = application.attestations.values_list("principle_code", flat=True)
    return [titles.get(code, code) for code in codes]


def _saved(request: HttpRequest, application: Application, slug: str) -> HttpResponse:
    if "save_and_exit" in request.POST:
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return redirect("web:dashboard")
    return redirect("web:apply_step", pk=application.pk, step=_next_step(slug))


_STEP_HANDLERS = {
    "organisation": _step_organisation,
    "people": _step_people,
    "stance": _step_stance,
    "motivation": _step_motivation,
    "principles": _step_principles,
    "review": _step_review,
}


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("organisation"), pk=pk)
    if not can(request.user, Perm.VIEW_OWN_ORGANISATION, application):
        raise PermissionDenied(_("This application belongs to another organisation."))
    return render(
        request,
        "apply/detail.html",
        {
            "application": application,
            "withdraw_form": ReasonForm(),
            "can_withdraw": can(request.user, Perm.WITHDRAW_OWN, application)
            and application.status in actions.APPLICATION_TRANSITIONS["withdraw"][0],
        },
    )


@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.application_withdraw(
                    actor=request.user,
                    application=application,
                    reason=form.cleaned_data["reason"],
                )
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The application was withdrawn."))
    return redirect("web:application_detail", pk=application.pk)
