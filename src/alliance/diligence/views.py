"""Pages for due diligence: the case queue, the case itself (one form per step record),
the Board pack, policies, monitoring, and the applicant's answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from alliance.core.errors import ActionError
from alliance.core.permissions import File, Perm, can, opens_file, require
from alliance.diligence import actions, forms
from alliance.diligence.boardpack import case_context
from alliance.diligence.models import (
    BoardPack,
    Case,
    CaseStatus,
    ControversyRecord,
    InformationRequest,
    Policy,
)
from alliance.diligence.policies import default_policy_version, engine_policy, latest_version
from alliance.diligence.reasoning import OPENED_BY_HAND
from alliance.diligence.selectors import (
    case_next_step,
    case_progress,
    cases_queue,
    latest_case,
    monitoring_rows,
    screening_results,
)
from alliance.organisations.models import Application

ERR_ATTACHMENT_NOT_YOURS = _("This file is for the organisation and the due-diligence staff.")
ERR_STATUS_AND_EVIDENCE = _("Give the new status and the evidence for it.")

Handler = Callable[[Any, Case, dict[str, Any]], Any]


def _case(pk: int) -> Case:
    return get_object_or_404(
        Case.objects.select_related(
            "organisation",
            "application",
            "policy_version__policy",
            "prepared_by",
            "signed_off_by",
            "override_by",
            "recommendation_by",
        ),
        pk=pk,
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    status = request.GET.get("status", "")
    page = Paginator(cases_queue(status or None), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "diligence/cases.html",
        {
            "page": page,
            "status": status,
            "statuses": CaseStatus.choices,
        },
    )


@login_required
def case_for_application(request: HttpRequest, pk: int) -> HttpResponse:
    """From an application to its latest case (opening one for an application submitted
    before due diligence existed)."""
    require(request.user, Perm.REVIEW_DILIGENCE)
    application = get_object_or_404(Application, pk=pk)
    case = latest_case(application)
    if case is None:
        if request.method != "POST":
            raise Http404(_("No case yet."))
        case = actions.case_open(actor=request.user, application=application, reason=OPENED_BY_HAND)
    return redirect("diligence:case", pk=case.pk)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    return _case_page(request, _case(pk))


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    refused: tuple[str, Any] | None = None,
    refused_status: dict[str, Any] | None = None,
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; after a refused action (``refused`` = its slug and its bound form)
    that form comes back with what was typed and the error beside it, open, in place."""

    def form(action: str, blank: Any) -> Any:
        return refused[1] if refused is not None and refused[0] == action else blank

    results = screening_results(case.organisation)
    context = case_context(case, results=results)
    policy = context["policy"]
    context.update(
        {
            "progress": case_progress(case),
            "editable": not case.is_signed,
            "note_forms": {
                step: form(f"note-{step}", forms.NoteForm(prefix=f"note-{step}"))
                for step in NOTE_STEPS
            },
            "sectors_form": form(
                "sectors",
                forms.SectorsForm(
                    sectors=[(s.code, s.name) for s in policy.high_risk_sectors],
                    initial={"sectors": case.high_risk_sectors},
                ),
            ),
            "finding_forms": [
                (
                    criterion,
                    finding,
                    form(
                        f"finding-{criterion.code}",
                        forms.FindingForm(
                            prefix=criterion.code,
                            initial={
                                "finding": finding.finding if finding else "none",
                                "evidence": finding.evidence if finding else "",
                            },
                        ),
                    ),
                )
                for criterion, finding in context["criteria_rows"]
            ],
            "esg_forms": [
                (
                    code,
                    label,
                    ev,
                    form(
                        f"esg-{code}",
                        forms.EsgForm(prefix=code, initial={"evidence": ev.evidence if ev else ""}),
                    ),
                )
                for code, label, ev in context["esg_rows"]
            ],
            "controversy_form": form("controversy", forms.ControversyForm()),
            "controversy_status_form": forms.ControversyStatusForm,
            "refused_status": refused_status,
            "typed": typed,
            "override_form": form(
                "override", forms.OverrideForm(initial={"level": case.level or "low"})
            ),
            "recommendation_form": form(
                "recommend",
                forms.RecommendationForm(
                    initial={
                        "recommendation": case.recommendation or "engage",
                        "reasoning": case.recommendation_reasoning,
                        "mitigations": case.mitigations,
                    }
                ),
            ),
            "risk_log_form": form("risk-log", forms.RiskLogForm()),
            "monitoring_form": form(
                "monitoring", forms.MonitoringForm(initial={"plan": case.monitoring_plan})
            ),
            "sign_off_form": form("sign-off", forms.SignOffForm()),
            # Three forms ask for a reason: each its own, so what was typed in one comes
            # back in that one only (and their fields' ids differ).
            "revise_form": form("revise", forms.ReasonForm(auto_id="id_revise_%s")),
            "override_clear_form": form(
                "override-clear", forms.ReasonForm(auto_id="id_override_clear_%s")
            ),
            "reopen_form": form("reopen", forms.ReasonForm(auto_id="id_reopen_%s")),
            "question_form": form("request", forms.QuestionForm()),
            "notes_by_step": _notes_by_step(case),
            "requests": case.requests.select_related("asked_by", "answered_by"),
            "can_sign": can(request.user, Perm.SIGN_OFF_DILIGENCE),
            "can_override": can(request.user, Perm.OVERRIDE_RISK_LEVEL),
            "is_preparer": case.prepared_by_id == request.user.pk,
            "pack": BoardPack.objects.filter(case=case).first(),
            "next_step": case_next_step(case),
            "revisions": _revisions(case),
        }
    )
    context.update(_placed_messages(request))
    return render(request, "diligence/case.html", context, status=status)


# The case page's sections (their ids), where an action's redirect lands: what the action
# said is shown there, not at the top of a page thousands of pixels long.
CASE_SECTIONS = (
    "background", "criteria", "screening", "controversies", "esg", "risk",
    "recommendation", "monitoring", "requests", "sign_off", "board-pack",
)  # fmt: skip
_AT = "at-"


def _at(anchor: str) -> str:
    """The message tag that places a case action's message in its section."""
    return f"{_AT}{anchor}"


def _placed_messages(request: HttpRequest) -> dict[str, Any]:
    """The messages tagged for a section of the case page, by section (ids with "_" for
    "-", as templates look them up), and the list of them, which the page's top skips
    (with no messages box at all when every message is placed)."""
    by_section: dict[str, list[Any]] = {}
    placed: list[Any] = []
    every = list(messages.get_messages(request))
    for message in every:
        section = (message.extra_tags or "").removeprefix(_AT)
        if message.extra_tags.startswith(_AT) and section in CASE_SECTIONS:
            by_section.setdefault(section.replace("-", "_"), []).append(message)
            placed.append(message)
    return {
        "section_messages": by_section,
        "placed_messages": placed,
        "all_messages_placed": bool(every) and len(placed) == len(every),
    }


def _notes_by_step(case: Case) -> dict[str, list[Any]]:
    notes: dict[str, list[Any]] = {}
    for note in case.notes.select_related("author"):
        notes.setdefault(note.step, []).append(note)
    return notes


def _revisions(case: Case) -> list[Case]:
    return list(
        Case.objects.filter(application=case.application, kind=case.kind)
        .exclude(pk=case.pk)
        .order_by("revision")
        .only("pk", "revision", "status")
    )


NOTE_STEPS = ("background", "screening", "controversies", "esg")


# action slug -> (form class, handler, anchor on the case page)
CASE_ACTIONS: dict[str, tuple[Any, Handler, str]] = {
    "controversy": (
        forms.ControversyForm,
        lambda a, c, d: actions.controversy_add(actor=a, case=c, **d),
        "controversies",
    ),
    "override": (
        forms.OverrideForm,
        lambda a, c, d: actions.case_override_level(
            actor=a, case=c, level=d["level"], reason=d["reason"]
        ),
        "risk",
    ),
    "override-clear": (
        forms.ReasonForm,
        lambda a, c, d: actions.case_override_clear(actor=a, case=c, reason=d["reason"]),
        "risk",
    ),
    "recommend": (
        forms.RecommendationForm,
        lambda a, c, d: actions.case_recommend(actor=a, case=c, **d),
        "recommendation",
    ),
    "risk-log": (
        forms.RiskLogForm,
        lambda a, c, d: actions.risk_log_add(actor=a, case=c, **d),
        "monitoring",
    ),
    "monitoring": (
        forms.MonitoringForm,
        lambda a, c, d: actions.case_monitoring_plan_set(actor=a, case=c, plan=d["plan"]),
        "monitoring",
    ),
    "prepare": (None, lambda a, c, d: actions.case_prepare(actor=a, case=c), "sign_off"),
    "sign-off": (
        forms.SignOffForm,
        lambda a, c, d: actions.case_sign_off(actor=a, case=c, note=d["note"]),
        "sign_off",
    ),
    "reopen": (
        forms.ReasonForm,
        lambda a, c, d: actions.case_reopen(actor=a, case=c, reason=d["reason"]),
        "sign_off",
    ),
    "revise": (
        forms.ReasonForm,
        lambda a, c, d: actions.case_revise(actor=a, case=c, reason=d["reason"]),
        "top",
    ),
    "request": (
        forms.QuestionForm,
        lambda a, c, d: actions.info_request_send(actor=a, case=c, question=d["question"]),
        "requests",
    ),
    "board-pack": (
        None,
        lambda a, c, d: actions.board_pack_generate(actor=a, case=c),
        "board-pack",
    ),
}


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    case = _case(pk)
    target = reverse("diligence:case", args=[case.pk])
    if action == "sectors":
        policy = engine_policy(case.policy_version)
        form: Any = forms.SectorsForm(
            request.POST, sectors=[(s.code, s.name) for s in policy.high_risk_sectors]
        )
        handler: Handler = lambda a, c, d: actions.case_sectors_set(  # noqa: E731
            actor=a, case=c, sectors=d["sectors"], evidence=d["evidence"]
        )
        anchor = "background"
    elif action.startswith("finding-"):
        code = action.removeprefix("finding-")
        form = forms.FindingForm(request.POST, prefix=code)
        handler = lambda a, c, d: actions.criterion_finding_record(  # noqa: E731
            actor=a, case=c, criterion_code=code, finding=d["finding"], evidence=d["evidence"]
        )
        anchor = "criteria"
    elif action.startswith("note-") and action.removeprefix("note-") in NOTE_STEPS:
        step = action.removeprefix("note-")
        form = forms.NoteForm(request.POST, prefix=action)
        handler = lambda a, c, d: actions.case_note_add(  # noqa: E731
            actor=a, case=c, step=step, text=d["text"], evidence=d["evidence"]
        )
        anchor = step
    elif action.startswith("esg-"):
        code = action.removeprefix("esg-")
        form = forms.EsgForm(request.POST, prefix=code)
        handler = lambda a, c, d: actions.esg_evidence_record(  # noqa: E731
            actor=a, case=c, principle=code, evidence=d["evidence"]
        )
        anchor = "esg"
    elif action in CASE_ACTIONS:
        form_class, handler, anchor = CASE_ACTIONS[action]
        form = form_class(request.POST) if form_class else None
    else:
        raise Http404(_("No such action."))
    if form is not None and not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        messages.error(
            request,
            str(_("Please correct: {errors}")).format(errors=errors),
            extra_tags=_at(anchor),
        )
        return _refused(request, case, action, form)
    try:
        result = handler(request.user, case, form.cleaned_data if form is not None else {})
    except ActionError as error:
        messages.error(request, error.message, extra_tags=_at(anchor))
        if form is None:  # nothing was typed (prepare, board pack): back to the section
            return redirect(f"{target}#{anchor}")
        if error.field in form.fields:
            form.add_error(error.field, error.message)
            return _refused(request, case, action, form)
        # A rule refused it (signed off meanwhile, four eyes, sent back): the form may no
        # longer be on the page, so what was typed is shown in the section to copy.
        return _refused(request, case, action, form, typed=_typed(form, anchor))
    messages.success(request, _DONE.get(action, SAVED), extra_tags=_at(anchor))
    if isinstance(result, Case) and result.pk != case.pk:
        return redirect("diligence:case", pk=result.pk)
    return redirect(f"{target}#{anchor}")


def _typed(form: Any, section: str) -> dict[str, Any]:
    """What was typed in a form's text fields, by label, for the page to show."""
    fields = []
    for name, field in form.fields.items():
        value = form.data.get(form.add_prefix(name), "")
        if isinstance(value, str) and value.strip() and not hasattr(field, "choices"):
            fields.append((field.label, value))
    return {"section": section.replace("-", "_"), "fields": fields}


def _refused(
    request: HttpRequest, case: Case, action: str, form: Any, typed: dict[str, Any] | None = None
) -> HttpResponse:
    """A refused action with a form keeps what was typed: the case page again (not a
    redirect, which would lose it) with that form filled in and the error in its section
    and beside the field; nothing was written. The form's action ends in its section's
    anchor, so the browser lands there."""
    return _case_page(request, _case(case.pk), refused=(action, form), typed=typed, status=400)


SAVED = _("Saved.")
# What a case action says when it is done, in the reader's language.
_DONE = {
    "prepare": _("The case is ready for sign-off by a second person."),
    "sign-off": _("Signed off. The case is now frozen."),
    "revise": _("A new revision is open; the signed case stays as it was."),
    "request": _("The question was sent to the applicant."),
    "board-pack": _("The Board pack was generated."),
    "override": _(
        "The risk level was overridden; the reason is on the case and in the audit trail."
    ),
}


@login_required
@require_POST
def controversy_status(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    controversy = get_object_or_404(ControversyRecord, pk=pk)
    form = forms.ControversyStatusForm(request.POST, prefix=f"c{pk}")
    anchor = "controversies"
    message: str | Promise
    if not form.is_valid():
        message = ERR_STATUS_AND_EVIDENCE
    else:
        try:
            actions.controversy_set_status(
                actor=request.user, controversy=controversy, **form.cleaned_data
            )
        except ActionError as error:
            message = error.message
        else:
            messages.success(request, _("Status updated."), extra_tags=_at(anchor))
            return redirect(reverse("diligence:case", args=[controversy.case_id]) + f"#{anchor}")
    # Refused: the case page again with what was typed, not a redirect that loses it.
    messages.error(request, message, extra_tags=_at(anchor))
    typed = {
        "pk": controversy.pk,
        "status": request.POST.get(f"c{pk}-status", ""),
        "evidence": request.POST.get(f"c{pk}-evidence", ""),
        "message": message,
    }
    return _case_page(request, _case(controversy.case_id), refused_status=typed, status=400)


def _board_pack_case(request: HttpRequest, pk: int) -> Case:
    user = request.user
    if not (can(user, Perm.VIEW_BOARD_PAPERS) or can(user, Perm.REVIEW_DILIGENCE)):
        raise PermissionDenied(_("Board papers are for the Board and the secretariat."))
    case = _case(pk)
    if not case.is_signed:
        raise Http404(_("Only a signed-off case has a Board pack."))
    return case


@login_required
def board_pack(request: HttpRequest, pk: int) -> HttpResponse:
    case = _board_pack_case(request, pk)
    context = case_context(case, results=screening_results(case.organisation))
    context["pack"] = BoardPack.objects.filter(case=case).first()
    context["can_review"] = can(request.user, Perm.REVIEW_DILIGENCE)
    return render(request, "diligence/board_pack.html", context)


@login_required
def board_pack_pdf(request: HttpRequest, pk: int) -> FileResponse:
    case = _board_pack_case(request, pk)
    pack = get_object_or_404(BoardPack, case=case)
    return FileResponse(
        pack.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"board-pack-case-{case.pk}.pdf",
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = get_object_or_404(InformationRequest.objects.select_related("case"), pk=pk)
    # Only the organisation's own people answer the questions put to it (as the action
    # says); staff and the Board read the answers on the case.
    if not can(request.user, Perm.EDIT_OWN_APPLICATION, info_request.case.organisation):
        raise PermissionDenied(actions.ERR_NOT_YOURS)
    form = forms.AnswerForm(request.POST, request.FILES, prefix=f"r{pk}")
    if not form.is_valid():
        return _answer_refused(request, info_request, form, actions.ERR_ANSWER_REQUIRED)
    try:
        actions.info_request_answer(
            actor=request.user,
            request=info_request,
            answer=form.cleaned_data["answer"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except ActionError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        return _answer_refused(request, info_request, form, error.message)
    messages.success(request, _("Thank you: your answer is with the secretariat."))
    return redirect("web:organisation_detail", pk=info_request.case.organisation_id)


def _answer_refused(
    request: HttpRequest, info_request: InformationRequest, form: Any, message: str | Promise
) -> HttpResponse:
    """A refused answer keeps what was typed: on a request answered meanwhile (a second
    tab, a colleague) the text is shown to copy and nothing changes; otherwise the form
    comes back filled in to correct and send again."""
    info_request.refresh_from_db()
    answered = info_request.answered_at is not None
    return render(
        request,
        "diligence/answer_refused.html",
        {
            "info_request": info_request,
            "message": message,
            "answered": answered,
            "typed": request.POST.get(f"r{info_request.pk}-answer", ""),
            "form": form,
        },
        status=409 if answered else 400,
    )


@login_required
@require_safe
def request_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The file sent with an answer: for the organisation's own people and the
    due-diligence staff only; never stored by a browser or a shared cache."""
    info_request = get_object_or_404(
        InformationRequest.objects.select_related("case__organisation"), pk=pk
    )
    organisation = info_request.case.organisation
    if not opens_file(request.user, File.ANSWER_ATTACHMENT, organisation):
        raise PermissionDenied(ERR_ATTACHMENT_NOT_YOURS)
    if not info_request.attachment:
        raise Http404(_("No file was sent with this answer."))
    response = FileResponse(
        info_request.attachment.open("rb"),
        as_attachment=True,
        filename=info_request.attachment_name or "attachment",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def policies(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    default = default_policy_version()
    form = forms.PolicyForm(
        request.POST or None,
        initial={"policy_data": json.dumps(default.data, indent=2, ensure_ascii=False)},
    )
    if request.method == "POST":
        require(request.user, Perm.MANAGE_INTAKE)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.policy_add(
                    actor=request.user,
                    code=d["code"],
                    title=d["title"],
                    data=d["policy_data"],
                    make_default=d["make_default"],
                )
            except ActionError as error:
                field = "policy_data" if error.field == "data" else error.field
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, _("Policy added."))
                return redirect("diligence:policies")
    rows = [(p, latest_version(p), p.versions.count()) for p in Policy.objects.all()]
    return render(
        request,
        "diligence/policies.html",
        {
            "rows": rows,
            "form": form,
            "can_manage": can(request.user, Perm.MANAGE_INTAKE),
        },
    )


@login_required
def monitoring(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    today = timezone.localdate()
    rows = [(row, row.state(today)) for row in monitoring_rows()]
    return render(request, "diligence/monitoring.html", {"rows": rows, "today": today})
