"""Board pages (motions, votes, conflicts, meetings, notices) and the public rules
history and decisions. Every view asks core.permissions; writes go through actions."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from alliance.accounts.models import User
from alliance.core.errors import ActionError
from alliance.core.http import is_htmx
from alliance.core.permissions import File, Perm, can, opens_file, require
from alliance.diligence.selectors import board_pack_for_application, current_admission_case
from alliance.governance import (
    actions,
    conflict_rulings,
    forms,
    outcomes,
    recommendation_flow,
)
from alliance.governance.conflicts import reasons_as_seen_by
from alliance.governance.lifecycle import (
    admission_motion_text,
    applications_ready_for_board,
    check_motion_closable,
)
from alliance.governance.models import (
    BoardDecision,
    Conflict,
    ConflictStatus,
    DueProcessNotice,
    Interest,
    Meeting,
    Motion,
    MotionKind,
    MotionStatus,
    NoticeAttachment,
    Notification,
    VoteChoice,
    VoteEvent,
)
from alliance.governance.rules import describe_majority, majority_spec, validate_rules
from alliance.governance.selectors import (
    closed_motions,
    conflicts_awaiting,
    motion_tally,
    open_motions,
    rules_history,
    rules_in_force,
    seat_of,
)
from alliance.organisations.models import Application, Partnership

ERR_CHOOSE_VOTE = _("Choose for, against or abstain.")
# Said when a vote replaces the member's earlier one (the record of votes keeps both).
VOTE_REPLACED = _(
    "Your vote is now {choice}. It replaces your earlier vote ({previous}); the record of "
    "votes below and the audit trail keep both."
)


def _user(request: HttpRequest) -> Any:
    return request.user


def _board_pack_url(motion: Motion) -> str | None:
    """The Board pack the motion decides on (its application's current signed case, else
    the latest signed one), else the application's organisation page."""
    if motion.application is None:
        return None
    pack = board_pack_for_application(motion.application)
    if pack is not None:
        return reverse("diligence:board_pack", args=[pack.case_id])
    return reverse("web:organisation_detail", args=[motion.application.organisation_id])


@login_required
@require_safe
def board_home(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_BOARD_PAPERS)
    version = rules_in_force()
    return render(
        request,
        "governance/board.html",
        {
            "rules": version,
            "seats": version.seats.select_related("member", "organisation") if version else [],
            "open": open_motions(),
            "closed": closed_motions()[:15],
            "meetings": Meeting.objects.all()[:10],
            "my_conflicts": conflicts_awaiting(request.user),
            "ready": _ready_without_open_motion(),
            "notices": DueProcessNotice.objects.select_related("partnership__organisation")[:10],
            "can_chair": can(request.user, Perm.CHAIR_BOARD)
            or can(request.user, Perm.RECORD_BOARD_DECISION),
            # Declared interests are a Board member's own (the page needs Perm.VOTE).
            "can_vote": can(request.user, Perm.VOTE),
            "meeting_form": forms.MeetingForm(),
        },
    )


def _ready_without_open_motion() -> list[Any]:
    """The applications an admission or decline motion may open on, with none open yet
    (a second one would be refused: ERR_ALREADY_OPEN)."""
    return [
        a
        for a in applications_ready_for_board()
        if not a.motions.filter(status=MotionStatus.OPEN).exists()
    ]


@login_required
def motion_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_BOARD_DECISION)
    form = forms.MotionForm(
        request.POST or None,
        initial=_motion_initial(request),
        ready_applications=_ready_without_open_motion(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            motion = actions.motion_open(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                today=timezone.localdate(),
                application=data["application"],
                partnership=data["partnership"],
                notice=data["notice"],
                proposed_rules=data["proposed_rules"],
                endorsement_subject=data["endorsement_subject"],
                tier=data["tier"],
                meeting=data["meeting"],
                deadline=data["deadline"],
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The motion is open; the Board has been notified."))
            return redirect("governance:motion", pk=motion.pk)
    return render(request, "governance/motion_form.html", {"form": form})


def _motion_initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    pk = request.GET.get("application", "")
    if pk.isdigit():
        application = Application.objects.filter(pk=pk).select_related("organisation").first()
        if application is not None:
            initial.update(kind=MotionKind.ADMISSION, application=application)
            case = current_admission_case(application)
            if case is not None and case.is_signed:
                title, text = admission_motion_text(case)
                initial.update(title=title, text=text)
    pk = request.GET.get("notice", "")
    if pk.isdigit():
        notice = DueProcessNotice.objects.filter(pk=pk).first()
        if notice is not None:
            initial.update(kind=notice.kind, notice=notice, partnership=notice.partnership)
    return initial


def _motion_context(request: HttpRequest, motion: Motion) -> dict[str, Any]:
    user: Any = request.user
    seated = (
        motion.rules_version.seats.filter(member=user).exists() if can(user, Perm.VOTE) else False
    )
    conflict = motion.conflicts.filter(member=user).first() if seated else None
    mine = motion.votes.filter(member=user).first() if seated else None
    spec = majority_spec(motion.rules_version.rules, motion.kind)
    return {
        "motion": motion,
        "tally": motion_tally(motion),
        "majority": describe_majority(spec),
        "seated": seated,
        "my_conflict": conflict,
        "my_vote": mine.get_choice_display() if mine else "",
        "my_vote_code": mine.choice if mine else "",
        "awaiting_review": not actions.ready_for_votes(motion),
        "can_vote": seated
        and motion.status == MotionStatus.OPEN
        and actions.ready_for_votes(motion)
        and (conflict is None or conflict.status == ConflictStatus.CLEARED),
        "vote_form": forms.VoteForm(),
        "can_chair": can(user, Perm.RECORD_BOARD_DECISION),
        "close_refused": _close_refused(motion),
    }


@login_required
@require_safe
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _motion_page(request, pk)


def _motion_page(
    request: HttpRequest,
    pk: int,
    *,
    ruling: tuple[int, forms.RulingForm] | None = None,
    recuse_form: forms.RecuseForm | None = None,
    withdraw_form: forms.WithdrawForm | None = None,
) -> HttpResponse:
    """The motion's page; a form the page refused comes back bound (what was chosen and
    typed, with its errors) in place of a blank one: ``ruling`` is (the conflict, its form)."""
    motion = get_object_or_404(
        Motion.objects.select_related(
            "rules_version",
            "application__organisation",
            "partnership__organisation",
            "meeting",
            "notice",
            "decision",
        ),
        pk=pk,
    )
    # The reviewers docs/governance.md names (secretariat, due-diligence reviewers)
    # record an endorsement's neutrality review from this page.
    if not (
        can(request.user, Perm.VIEW_BOARD_PAPERS)
        or (motion.kind == MotionKind.ENDORSEMENT and can(request.user, Perm.REVIEW_DILIGENCE))
    ):
        raise PermissionDenied(_("The Board's papers are for the Board and the secretariat."))
    context = _motion_context(request, motion)
    context.update(
        board_pack_url=_board_pack_url(motion),
        # (conflict, the reasons as this viewer reads them, whether the viewer rules,
        # the ruling form: the refused one for its conflict, else a blank one)
        conflicts=[
            (
                c,
                reasons_as_seen_by(c, request.user),
                conflict_rulings.can_rule(request.user, c),
                ruling[1] if ruling is not None and ruling[0] == c.pk else forms.RulingForm(),
            )
            for c in motion.conflicts.select_related("member", "ruled_by", "motion__rules_version")
        ],
        **_votes_context(motion),
        review=getattr(motion, "neutrality_review", None),
        can_review=can(request.user, Perm.REVIEW_DILIGENCE)
        and motion.kind == MotionKind.ENDORSEMENT,
        neutrality_form=forms.NeutralityForm(),
        suggested=actions.suggested_beneficiaries(motion.endorsement_subject)
        if motion.kind == MotionKind.ENDORSEMENT
        else [],
        recuse_form=recuse_form or forms.RecuseForm(),
        can_withdraw=outcomes.can_withdraw(request.user, motion),
        withdraw_form=withdraw_form or forms.WithdrawForm(),
        **_proposed_rules_context(motion),
    )
    return render(request, "governance/motion.html", context)


def _proposed_rules_context(motion: Motion) -> dict[str, Any]:
    """A rule change's proposal in words, as the rules page says a version: the document
    the Board would adopt (validate_rules fills what the proposal leaves out), and the
    JSON as proposed. A proposal that no longer validates is shown as JSON only."""
    if not motion.proposed_rules:
        return {}
    try:
        adopted = validate_rules(motion.proposed_rules)
    except ActionError:
        adopted = None
    return {
        "proposed_rules_words": adopted,
        "proposed_majorities": _majority_rows(adopted) if adopted else [],
        "proposed_rules_json": json.dumps(motion.proposed_rules, indent=2, sort_keys=True),
    }


def _majority_rows(rules: dict[str, Any]) -> list[tuple[str, str]]:
    """(the kind of motion in words, the majority it needs in words), as the rules say."""
    return [
        (str(MotionKind(kind).label), describe_majority(spec))
        for kind, spec in rules.get("majorities", {}).items()
    ]


def _votes_context(motion: Motion) -> dict[str, Any]:
    """The Votes table and the record of votes cast and changed (governance/_motion_votes.html)."""
    return {
        "votes": motion.votes.select_related("member").order_by("member__full_name"),
        "changes": VoteEvent.objects.filter(motion=motion).select_related("member"),
    }


def _close_refused(motion: Motion) -> str:
    """Why the chair cannot close the motion now ("" if it can): the predicate
    ``motion_close`` itself applies (governance.lifecycle.check_motion_closable)."""
    if motion.status != MotionStatus.OPEN:
        return ""
    try:
        check_motion_closable(motion, timezone.localdate())
    except ActionError as error:
        return error.message
    return ""


@login_required
@require_POST
def motion_vote(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VOTE)
    motion = get_object_or_404(Motion.objects.select_related("rules_version"), pk=pk)
    form = forms.VoteForm(request.POST)
    error = notice = ""
    if form.is_valid():
        before = motion.votes.filter(member_id=request.user.pk).first()
        choice = form.cleaned_data["choice"]
        try:
            actions.vote_cast(
                actor=request.user,
                motion=motion,
                choice=choice,
                # Only a form that says what it showed is checked for staleness.
                seen=form.cleaned_data["seen"] if "seen" in request.POST else None,
            )
        except ActionError as refused:
            error = refused.message
        else:
            if before is not None and before.choice != choice:
                notice = str(VOTE_REPLACED).format(
                    choice=VoteChoice(choice).label, previous=before.get_choice_display()
                )
    else:
        error = str(ERR_CHOOSE_VOTE)
    motion.refresh_from_db()
    if is_htmx(request):
        # The panel is the swap target; the next step and the Votes table with its record
        # (and the tally's reasoning) are redrawn out of band in the same response.
        context = {
            **_motion_context(request, motion),
            **_votes_context(motion),
            "error": error,
            "notice": notice,
        }
        parts = [
            render_to_string("governance/_vote_panel.html", context, request=request),
            render_to_string(
                "governance/_motion_next_step.html", {**context, "oob": True}, request=request
            ),
            render_to_string(
                "governance/_motion_votes.html", {**context, "oob": True}, request=request
            ),
        ]
        return HttpResponse("".join(parts))
    if error:
        messages.error(request, error)
    if notice:
        messages.success(request, notice)
    return redirect("governance:motion", pk=pk)


@login_required
@require_POST
def conflict_answer(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VOTE)
    conflict = get_object_or_404(Conflict, pk=pk)
    form = forms.ConflictAnswerForm(request.POST)
    form.is_valid()
    try:
        actions.conflict_resolve(
            actor=request.user,
            conflict=conflict,
            recuse=bool(form.cleaned_data.get("recuse")),
            explanation=form.cleaned_data.get("explanation", ""),
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your recusal is recorded.")
            if form.cleaned_data.get("recuse")
            else _("Your explanation is recorded; it awaits the chair's ruling."),
        )
    return redirect("governance:motion", pk=conflict.motion_id)


@login_required
@require_POST
def conflict_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair (for the chair's own flag, the member the rules name) rules."""
    require(request.user, Perm.VOTE)
    conflict = get_object_or_404(Conflict.objects.select_related("motion__rules_version"), pk=pk)
    if not conflict_rulings.can_rule(request.user, conflict):
        raise PermissionDenied(conflict_rulings.ERR_NOT_RULER)
    form = forms.RulingForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(conflict_rulings.ERR_RULING_REASON)
        conflict_rulings.conflict_rule(
            actor=request.user,
            conflict=conflict,
            accepted=form.cleaned_data["accepted"],
            reason=form.cleaned_data["reason"],
        )
    except ActionError as error:
        # The page comes back with the choice and the reason as sent, and the error.
        messages.error(request, error.message)
        return _motion_page(request, conflict.motion_id, ruling=(conflict.pk, form))
    messages.success(request, _("The ruling is recorded."))
    return redirect("governance:motion", pk=conflict.motion_id)


@login_required
@require_POST
def motion_recuse(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VOTE)
    motion = get_object_or_404(Motion, pk=pk)
    form = forms.RecuseForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(actions.ERR_EMPTY)
        actions.conflict_declare(
            actor=request.user, motion=motion, reason=form.cleaned_data["reason"]
        )
    except ActionError as error:
        messages.error(request, error.message)
        return _motion_page(request, pk, recuse_form=form)
    messages.success(request, _("You are recused from this motion."))
    return redirect("governance:motion", pk=pk)


@login_required
@require_POST
def motion_close(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.RECORD_BOARD_DECISION)
    motion = get_object_or_404(Motion, pk=pk)
    try:
        motion = actions.motion_close(actor=request.user, motion=motion, today=timezone.localdate())
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Voting closed: the motion %(outcome)s.")
            % {"outcome": motion.outcome_words[:1].lower() + motion.outcome_words[1:]},
        )
    return redirect("governance:motion", pk=pk)


@login_required
@require_POST
def motion_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The mover or the chair withdraws an open motion, with a reason."""
    motion = get_object_or_404(Motion, pk=pk)
    if not outcomes.can_withdraw(request.user, motion) and motion.status == MotionStatus.OPEN:
        raise PermissionDenied(outcomes.ERR_NOT_MOVER_OR_CHAIR)
    form = forms.WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(outcomes.ERR_WITHDRAW_REASON)
        motion = outcomes.motion_withdraw(
            actor=request.user,
            motion=motion,
            reason=form.cleaned_data["reason"],
            today=timezone.localdate(),
        )
    except ActionError as error:
        messages.error(request, error.message)
        return _motion_page(request, pk, withdraw_form=form)
    messages.success(request, _("The motion is withdrawn."))
    return redirect("governance:motion", pk=pk)


@login_required
@require_POST
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a group's recommendation: open the Board's answer motion (or, when the rules
    delegate it, the chair publishes the answer)."""
    from alliance.groups.models import Recommendation
    from alliance.groups.views import AnswerForm

    if not (can(request.user, Perm.CHAIR_BOARD) or can(request.user, Perm.RECORD_BOARD_DECISION)):
        raise PermissionDenied(recommendation_flow.ERR_NOT_CHAIR)
    recommendation = get_object_or_404(Recommendation, pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, recommendation_flow.ERR_REASONS)
        return redirect("groups:recommendation", pk=pk)
    today = timezone.localdate()
    version = rules_in_force()
    deadline = form.cleaned_data["deadline"] or (
        today + timedelta(days=version.rules["notice_period_days"]) if version else None
    )
    try:
        result = recommendation_flow.recommendation_answer(
            actor=request.user,
            recommendation=recommendation,
            answer=form.cleaned_data["answer"],
            reasons=form.cleaned_data["reasons"],
            today=today,
            deadline=deadline,
        )
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("groups:recommendation", pk=pk)
    if isinstance(result, Motion):
        messages.success(request, _("The Board's answer motion is open for votes."))
        return redirect("governance:motion", pk=result.pk)
    messages.success(request, _("The answer is recorded and published."))
    return redirect("groups:recommendation", pk=pk)


@login_required
@require_POST
def motion_neutrality(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.REVIEW_DILIGENCE)
    motion = get_object_or_404(Motion, pk=pk)
    form = forms.NeutralityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Complete the neutrality review."))
        return redirect("governance:motion", pk=pk)
    try:
        actions.neutrality_review_record(
            actor=request.user, motion=motion, today=timezone.localdate(), **form.cleaned_data
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The neutrality review is recorded and published."))
    return redirect("governance:motion", pk=pk)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VIEW_BOARD_PAPERS)
    meeting = get_object_or_404(Meeting, pk=pk)
    version = rules_in_force()
    form = forms.MinutesForm(
        request.POST or None,
        initial={"attendees": meeting.attendees.all(), "minutes": meeting.minutes},
    )
    form.fields["attendees"].queryset = User.objects.filter(  # type: ignore[attr-defined]
        pk__in=version.seats.values("member") if version else []
    )
    if request.method == "POST":
        require(request.user, Perm.RECORD_BOARD_DECISION)
        if form.is_valid():
            actions.meeting_record(
                actor=request.user,
                meeting=meeting,
                attendees=list(form.cleaned_data["attendees"]),
                minutes=form.cleaned_data["minutes"],
            )
            messages.success(request, _("Attendance and minutes saved."))
            return redirect("governance:meeting", pk=pk)
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "motions": meeting.motions.all(),
            "form": form,
            "attendees": meeting.attendees.all(),
            "can_chair": can(request.user, Perm.RECORD_BOARD_DECISION),
        },
    )


@login_required
@require_POST
def meeting_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_BOARD_DECISION)
    form = forms.MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the meeting a title, a time and an agenda."))
        return redirect("governance:board")
    meeting = actions.meeting_schedule(actor=request.user, **form.cleaned_data)
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
def interests(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VOTE)
    form = forms.InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.interest_declare(
            actor=request.user, today=timezone.localdate(), **form.cleaned_data
        )
        messages.success(request, _("Your interest is declared."))
        return redirect("governance:interests")
    return render(
        request,
        "governance/interests.html",
        {
            "form": form,
            "seat": seat_of(request.user, rules_in_force()),
            "interests": Interest.objects.filter(member=_user(request)).select_related(
                "organisation"
            ),
        },
    )


@login_required
def notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.RECORD_BOARD_DECISION)
    partnership = get_object_or_404(Partnership.objects.select_related("organisation"), pk=pk)
    form = forms.NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = actions.notice_send(
                actor=request.user,
                partnership=partnership,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The notice was sent to the partner."))
            return redirect("governance:notice", pk=notice.pk)
    return render(
        request, "governance/notice_form.html", {"form": form, "partnership": partnership}
    )


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        DueProcessNotice.objects.select_related("partnership__organisation"), pk=pk
    )
    is_partner = can(request.user, Perm.WITHDRAW_OWN, notice.partnership)
    if not (is_partner or can(request.user, Perm.VIEW_BOARD_PAPERS)):
        raise PermissionDenied(_("This notice is for the partner and the Board."))
    form = forms.ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.notice_respond(
                actor=request.user,
                notice=notice,
                response=form.cleaned_data["response"],
                today=timezone.localdate(),
                attachments=form.cleaned_data["attachments"],
            )
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your response was recorded for the Board."))
            return redirect("governance:notice", pk=pk)
    return render(
        request,
        "governance/notice.html",
        {
            "notice": notice,
            "form": form,
            "is_partner": is_partner,
            "can_chair": can(request.user, Perm.RECORD_BOARD_DECISION),
        },
    )


@login_required
@require_safe
def notice_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """A file attached to a partner's response: for the partner and the Board."""
    item = get_object_or_404(
        NoticeAttachment.objects.select_related("notice__partnership"), pk=attachment, notice_id=pk
    )
    partnership = item.notice.partnership
    if not opens_file(request.user, File.NOTICE_ATTACHMENT, partnership):
        raise PermissionDenied(_("This notice is for the partner and the Board."))
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@require_safe
def rules_public(request: HttpRequest) -> HttpResponse:
    versions = list(rules_history())
    for version in versions:
        version.majority_rows = _majority_rows(version.rules)  # type: ignore[attr-defined]
    return render(request, "governance/rules.html", {"versions": versions})


@require_safe
def decisions_public(request: HttpRequest) -> HttpResponse:
    motions = closed_motions().select_related("decision")[:200]
    # Decisions recorded before motions were kept in Alliance (or by the secretariat).
    earlier = BoardDecision.objects.filter(motion__isnull=True).select_related(
        "application__organisation", "partnership__organisation"
    )[:200]
    return render(request, "governance/decisions.html", {"motions": motions, "earlier": earlier})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        actions.notification_mark_read(actor=request.user)
        return redirect("governance:notifications")
    return render(
        request,
        "governance/notifications.html",
        {"items": Notification.objects.filter(user=_user(request))[:100]},
    )
