"""Suspension, reinstatement and termination carry their consequences in the Board
decision's transaction (governance.partnership_flow), and the partner sees the notice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance.core import uploads
from alliance.core.errors import ActionError
from alliance.credentials.models import IssuedCredential
from alliance.funding import actions as funding
from alliance.funding import selectors as funding_selectors
from alliance.funding.forms import InKindForm, PledgeForm
from alliance.governance import actions
from alliance.governance.models import Motion, MotionKind, MotionStatus, NoticeKind, Notification
from alliance.groups import actions as groups
from alliance.groups.models import GroupKind, Membership, MembershipStatus
from alliance.organisations.choices import PartnershipStatus
from tests.factories import admitted_partnership
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASONS = "Customer identity data resold without consent."


@pytest.fixture(autouse=True)
def _files(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("ALLIANCE_ISSUER_KEY", raising=False)


@pytest.fixture
def partner(alice, sam):  # type: ignore[no-untyped-def]
    return admitted_partnership(alice, sam, "Amani Aid")


def _decide(carla, voters, partnership, kind, notice, today):  # type: ignore[no-untyped-def]
    motion = actions.motion_open(
        actor=carla,
        kind=kind,
        title=f"{kind} of {partnership.organisation}",
        text="The Board decides.",
        today=today,
        partnership=partnership,
        notice=notice,
        deadline=today + timedelta(days=14),
    )
    for voter in voters:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=today)
    closed = actions.motion_close(actor=carla, motion=motion, today=today)
    assert closed.outcome == "passed"
    partnership.refresh_from_db()
    return closed


def _terminate(carla, voters, partnership):  # type: ignore[no-untyped-def]
    notice = actions.notice_send(
        actor=carla,
        partnership=partnership,
        kind=NoticeKind.TERMINATION,
        reasons=REASONS,
        today=TODAY,
    )
    after = notice.response_due + timedelta(days=1)
    return _decide(carla, voters, partnership, MotionKind.TERMINATION, notice, after), after


def _suspend(carla, voters, partnership):  # type: ignore[no-untyped-def]
    notice = actions.notice_send(
        actor=carla,
        partnership=partnership,
        kind=NoticeKind.SUSPENSION,
        reasons=REASONS,
        today=TODAY,
    )
    return _decide(carla, voters, partnership, MotionKind.SUSPENSION, notice, TODAY)


def _membership(sam, partner, alice):  # type: ignore[no-untyped-def]
    group = groups.group_create(
        actor=sam, name="Privacy WG", kind=GroupKind.WORKING_GROUP, charter="Advise.", today=TODAY
    )
    groups.chair_appoint(
        actor=sam, group=group, user=alice, organisation=partner.organisation, today=TODAY
    )
    return Membership.objects.get(group=group, user=alice)


def test_termination_cancels_future_instalments_and_updates_the_gap(
    board, carla, ben, members, sam, partner
):  # type: ignore[no-untyped-def]
    pledge = funding.pledge_record(
        actor=sam,
        organisation=partner.organisation,
        total=Decimal("1000000.00"),
        currency="USD",
        rate_to_base=Decimal(1),
        start=date(2026, 1, 1),
        years=3,
    )
    before = funding_selectors.funding_report(TODAY)
    assert sum(t.pledged for t in before.by_year.values()) == Decimal("1000000.00")
    _, on = _terminate(carla, [carla, ben, *members], partner)
    assert partner.status == PartnershipStatus.TERMINATED
    instalments = list(pledge.instalments.order_by("number"))
    assert len(instalments) == 3  # history kept
    assert instalments[0].cancelled_on is None  # 2026's was already due
    assert all(i.cancelled_on == on and REASONS in i.cancelled_reason for i in instalments[1:])
    after = funding_selectors.funding_report(on)
    assert 2027 not in after.by_year and 2028 not in after.by_year
    assert sum(t.pledged for t in after.by_year.values()) == Decimal("333333.33")
    assert all(
        o.instalment.instalment.due.year == 2026
        for o in funding_selectors.overdue_instalments(date(2029, 1, 1))
    )


def test_terminated_partner_is_no_longer_offered_in_kind(board, carla, ben, members, sam, partner):  # type: ignore[no-untyped-def]
    assert partner.organisation in InKindForm().fields["organisation"].queryset
    assert partner.organisation in PledgeForm().fields["organisation"].queryset
    _terminate(carla, [carla, ben, *members], partner)
    assert partner.organisation not in InKindForm().fields["organisation"].queryset
    assert partner.organisation not in PledgeForm().fields["organisation"].queryset
    with pytest.raises(ActionError) as refused:
        funding.in_kind_record(
            actor=sam,
            organisation=partner.organisation,
            category="expertise",
            description="Training.",
            declared_value=Decimal("100.00"),
            delivered_on=TODAY,
        )
    assert refused.value.message == funding.ERR_NOT_CONTRIBUTING


def test_memberships_are_suspended_restored_and_ended(
    board, carla, ben, members, sam, alice, partner
):  # type: ignore[no-untyped-def]
    membership = _membership(sam, partner, alice)
    _suspend(carla, [carla, ben, *members], partner)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SUSPENDED
    reinstatement = actions.motion_open(
        actor=carla,
        kind=MotionKind.REINSTATEMENT,
        title="Reinstate",
        text="Review complete.",
        today=TODAY,
        partnership=partner,
        deadline=TODAY + timedelta(days=14),
    )
    for voter in [carla, ben, *members]:
        actions.vote_cast(actor=voter, motion=reinstatement, choice="for", today=TODAY)
    actions.motion_close(actor=carla, motion=reinstatement, today=TODAY)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    partner.refresh_from_db()
    _terminate(carla, [carla, ben, *members], partner)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED


def test_credential_is_suspended_restored_and_revoked(board, carla, ben, members, partner):  # type: ignore[no-untyped-def]
    credential = IssuedCredential.objects.get(partnership=partner, revoked_at__isnull=True)
    voters = [carla, ben, *members]
    _suspend(carla, voters, partner)
    credential.refresh_from_db()
    assert credential.suspended_at is not None and credential.revoked_at is None
    reinstatement = actions.motion_open(
        actor=carla,
        kind=MotionKind.REINSTATEMENT,
        title="Reinstate",
        text="Review complete.",
        today=TODAY,
        partnership=partner,
        deadline=TODAY + timedelta(days=14),
    )
    for voter in voters:
        actions.vote_cast(actor=voter, motion=reinstatement, choice="for", today=TODAY)
    actions.motion_close(actor=carla, motion=reinstatement, today=TODAY)
    credential.refresh_from_db()
    assert credential.suspended_at is None and credential.revoked_at is None
    partner.refresh_from_db()
    _terminate(carla, voters, partner)
    credential.refresh_from_db()
    assert credential.revoked_at is not None and REASONS in credential.revocation_reason


def test_open_motions_about_the_partner_are_withdrawn_with_the_reason(
    board, carla, ben, members, partner
):  # type: ignore[no-untyped-def]
    # A motion about the partner's organisation still open (its old application's).
    stale = Motion.objects.create(
        kind=MotionKind.ADMISSION,
        title="An older motion on the application",
        text="Admit.",
        rules_version=board,
        application=partner.application,
        opened_by=carla,
        opened_on=TODAY - timedelta(days=90),
        deadline=TODAY + timedelta(days=60),
    )
    termination, _ = _terminate(carla, [carla, ben, *members], partner)
    stale.refresh_from_db()
    assert (stale.status, stale.outcome) == (MotionStatus.CLOSED, "withdrawn")
    assert f"Board decision #{termination.decision_id}" in stale.withdrawal_reason
    assert termination.outcome == "passed"


def test_partner_is_told_and_sees_the_banner_on_every_page(
    board,
    carla,
    ben,
    members,
    alice,
    partner,
    client,
    login,
    mailoutbox,
    django_capture_on_commit_callbacks,
):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        notice = actions.notice_send(
            actor=carla,
            partnership=partner,
            kind=NoticeKind.TERMINATION,
            reasons=REASONS,
            today=TODAY,
        )
    login(alice)
    for url in ("/dashboard/", f"/applications/{partner.application_id}/", "/groups/"):
        page = client.get(url).content.decode()
        assert "partner-notice-banner" in page, url
        assert REASONS in page and notice.response_due.strftime("%-d %B %Y") in page
    assert "Welcome to the alliance" not in client.get("/dashboard/").content.decode()
    assert any("Please respond by" in m.body and REASONS[:40] in m.body for m in mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(
            carla,
            [carla, ben, *members],
            partner,
            MotionKind.TERMINATION,
            notice,
            notice.response_due + timedelta(days=1),
        )
    told = Notification.objects.get(user=alice, kind="partnership.terminated")
    assert REASONS in told.text
    assert any(REASONS in m.body and "http" in m.body for m in mailoutbox)
    page = client.get("/dashboard/").content.decode()
    assert "partner-notice-banner" in page and "Terminated" in page
    assert "Welcome to the alliance" not in page


def test_notice_response_carries_checked_attachments(
    board, carla, alice, ben, partner, client, login
):  # type: ignore[no-untyped-def]
    notice = actions.notice_send(
        actor=carla, partnership=partner, kind=NoticeKind.TERMINATION, reasons=REASONS, today=TODAY
    )
    login(alice)
    url = f"/board/notices/{notice.pk}/"
    bad = SimpleUploadedFile("reply.pdf", b"not a pdf at all", content_type="application/pdf")
    page = client.post(url, {"response": "We dispute this.", "attachments": [bad]})
    assert page.status_code == 200 and str(uploads.ERR_BAD_TYPE) in page.content.decode()
    notice.refresh_from_db()
    assert notice.responded_on is None and not notice.attachments.exists()
    good = SimpleUploadedFile("audit.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(url, {"response": "We dispute this.", "attachments": [good]}).status_code == 302
    )
    attachment = notice.attachments.get()
    assert attachment.name == "audit.pdf"
    # A second tab still showing the form: its text is not taken, and the page says so
    # and gives it back (walk 4: it was dropped without a word).
    stale = client.post(url, {"response": "A second thought."}).content.decode()
    assert str(actions.ERR_ALREADY_RESPONDED) in stale
    assert "Nothing from your page was sent." in stale and "A second thought." in stale
    notice.refresh_from_db()
    assert notice.response == "We dispute this."
    download = f"/board/notices/{notice.pk}/attachments/{attachment.pk}/"
    assert client.get(download).status_code == 200
    login(ben)
    assert client.get(download).status_code == 200


def test_attachments_are_size_checked(board, carla, alice, partner, settings):  # type: ignore[no-untyped-def]
    settings.ALLIANCE_MAX_UPLOAD_BYTES = 1024
    notice = actions.notice_send(
        actor=carla, partnership=partner, kind=NoticeKind.TERMINATION, reasons=REASONS, today=TODAY
    )
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    with pytest.raises(ActionError) as refused:
        actions.notice_respond(
            actor=alice, notice=notice, response="See attached.", today=TODAY, attachments=[big]
        )
    assert refused.value.field == "attachments" and "too large" in refused.value.message
    notice.refresh_from_db()
    assert notice.responded_on is None
