"""Group pages: public reading, members act. Every write goes through groups.actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from alliance.accounts.selectors import user_roles
from alliance.core.errors import ActionError
from alliance.core.forms import LONG_TEXT, DateInput, text_field
from alliance.core.http import is_htmx
from alliance.core.permissions import Perm, can
from alliance.groups import actions, board_rules
from alliance.groups.models import (
    BoardAnswer,
    Group,
    Membership,
    MembershipStatus,
    Recommendation,
    RecommendationStatus,
)
from alliance.groups.selectors import (
    can_lead,
    groups_listing,
    is_member,
    is_overdue,
    membership_of,
    recommendations_public,
)
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Organisation

DATE = DateInput()


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    agenda = text_field(_("Agenda"))
    minutes = text_field(_("Minutes"), limit=LONG_TEXT, rows=4, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = text_field(_("Body"), limit=LONG_TEXT, rows=4)


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = text_field(_("Recommendation"), limit=LONG_TEXT, rows=5)


class AnswerForm(forms.Form):
    """The Board's answer; governance's view receives it (the answer is a Board motion
    unless the rules delegate it to the chair)."""

    answer = forms.ChoiceField(label=_("Answer"), choices=BoardAnswer.choices)
    reasons = text_field(_("Reasons"), rows=4)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("For the Board's written resolution: the day voting closes."),
    )


def _partner_orgs(user: object) -> list[Organisation]:
    ids = {org for _, org in user_roles(user) if org}
    return list(
        Organisation.objects.filter(pk__in=ids, partnership__status=PartnershipStatus.ACTIVE)
    )


@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "groups/list.html", {"groups": groups_listing()})


@require_safe
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    user = request.user
    member = is_member(user, group)
    lead = can_lead(user, group)
    drafts = (
        group.recommendations.all()
        if (member or lead)
        else (
            group.recommendations.filter(
                status__in=[RecommendationStatus.SENT, RecommendationStatus.ANSWERED]
            )
        )
    )
    return render(
        request,
        "groups/detail.html",
        {
            "group": group,
            "members": group.memberships.filter(status=MembershipStatus.APPROVED).select_related(
                "user", "organisation"
            ),
            "requests": group.memberships.filter(status=MembershipStatus.REQUESTED).select_related(
                "user", "organisation"
            )
            if lead
            else [],
            "meetings": group.meetings.all(),
            "documents": group.documents.all() if (member or lead) else [],
            "recommendations": drafts,
            "membership": membership_of(user, group),
            "is_member": member,
            "can_lead": lead,
            "join_orgs": _partner_orgs(user) if user.is_authenticated else [],
            "meeting_form": MeetingForm(),
            "document_form": DocumentForm(),
            "draft_form": DraftForm(),
            "today": timezone.localdate(),
        },
    )


def _done(request: HttpRequest, call: object, ok: str) -> None:
    try:
        call()  # type: ignore[operator]
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ok)


@login_required
@require_POST
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    organisation = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
    _done(
        request,
        lambda: actions.membership_request(
            actor=request.user, group=group, organisation=organisation, today=timezone.localdate()
        ),
        "Your request was sent to the group's chairs.",
    )
    return redirect("groups:detail", slug=slug)


@login_required
@require_POST
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("group"), pk=pk)
    approve = request.POST.get("approve") == "yes"
    _done(
        request,
        lambda: actions.membership_decide(
            actor=request.user, membership=membership, approve=approve
        ),
        "Membership approved." if approve else "Membership declined.",
    )
    return redirect("groups:detail", slug=membership.group.slug)


@login_required
@require_POST
def group_add(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    """Add a meeting, a document or a draft recommendation to the group."""
    group = get_object_or_404(Group, slug=slug)
    today = timezone.localdate()
    form_class = {"meeting": MeetingForm, "document": DocumentForm, "draft": DraftForm}.get(what)
    if form_class is None:
        raise Http404("No such thing to add.")
    # Who first (as the actions check it), then what was typed: a meeting is the chairs',
    # documents and drafts any member's.
    if what == "meeting" and not can_lead(request.user, group):
        raise PermissionDenied(actions.ERR_NOT_LEAD)
    if not (is_member(request.user, group) or can_lead(request.user, group)):
        raise PermissionDenied(actions.ERR_NOT_MEMBER)
    form = form_class(request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Complete every required field."))
        return redirect("groups:detail", slug=slug)
    data = form.cleaned_data
    call = {
        "meeting": lambda: actions.group_meeting_record(actor=request.user, group=group, **data),
        "document": lambda: actions.document_add(
            actor=request.user, group=group, today=today, **data
        ),
        "draft": lambda: actions.recommendation_draft(
            actor=request.user, group=group, today=today, **data
        ),
    }[what]
    _done(request, call, "Saved.")
    return redirect("groups:detail", slug=slug)


@require_safe
def recommendation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(r, is_overdue(r, today)) for r in recommendations_public()]
    return render(request, "groups/recommendations.html", {"rows": rows, "today": today})


def _recommendation_context(request: HttpRequest, rec: Recommendation) -> dict[str, object]:
    user = request.user
    mine = rec.votes.filter(member=user).first() if user.is_authenticated else None
    return {
        "rec": rec,
        "is_member": is_member(user, rec.group),
        "can_lead": can_lead(user, rec.group),
        "tally": actions.group_tally(rec, closed=False) if rec.status == "voting" else None,
        "my_vote": mine.choice if mine else "",
    }


@require_safe
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_object_or_404(Recommendation.objects.select_related("group", "answered_by"), pk=pk)
    context = _recommendation_context(request, rec)
    public = rec.status in (RecommendationStatus.SENT, RecommendationStatus.ANSWERED)
    if not public and not (context["is_member"] or context["can_lead"]):
        return render(request, "groups/private.html", {"rec": rec}, status=404)
    context.update(
        overdue=is_overdue(rec, timezone.localdate()),
        can_answer=rec.status == RecommendationStatus.SENT
        and (can(request.user, Perm.CHAIR_BOARD) or can(request.user, Perm.RECORD_BOARD_DECISION)),
        answer_form=AnswerForm(),
        answer_by_chair=board_rules.current().answer_by_chair,
    )
    return render(request, "groups/recommendation.html", context)


@login_required
@require_POST
def recommendation_act(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    rec = get_object_or_404(Recommendation.objects.select_related("group"), pk=pk)
    today = timezone.localdate()
    if what == "vote":
        error = ""
        try:
            actions.recommendation_vote(
                actor=request.user, recommendation=rec, choice=request.POST.get("choice", "")
            )
        except (ActionError, ValueError) as refused:
            error = getattr(refused, "message", "Choose for, against or abstain.")
        if is_htmx(request):
            return render(
                request,
                "groups/_vote_panel.html",
                {**_recommendation_context(request, rec), "error": error},
            )
        if error:
            messages.error(request, error)
    elif what == "open":
        _done(
            request,
            lambda: actions.recommendation_open_vote(actor=request.user, recommendation=rec),
            "The group's vote is open.",
        )
    elif what == "close":
        _done(
            request,
            lambda: actions.recommendation_close_vote(
                actor=request.user, recommendation=rec, today=today
            ),
            "The group's vote is closed.",
        )
    else:
        raise Http404("No such step.")
    return redirect("groups:recommendation", pk=pk)
