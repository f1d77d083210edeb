"""Pledges, receipts, in kind, the budget and the funding report, in exact decimals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from alliance.core import uploads
from alliance.core.errors import ActionError, NotAllowed
from alliance.funding import actions, evidence, selectors
from alliance.funding.models import Instalment, PublishedTotals
from alliance.funding.tasks import send_overdue_reminders
from alliance.transparency.models import LogEntry

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pledge(sam, partner, **kw):  # type: ignore[no-untyped-def]
    args = {
        "total": D("1000000.00"),
        "currency": "EUR",
        "rate_to_base": D("1.0825"),
        "start": date(2026, 11, 30),
        "years": 3,
        "per_year": 4,
    }
    return actions.pledge_record(actor=sam, organisation=partner.organisation, **{**args, **kw})


def test_a_multi_year_pledge_across_year_boundaries_adds_up_exactly(sam, partner) -> None:  # type: ignore[no-untyped-def]
    pledge = _pledge(sam, partner, total=D("100000.00"), years=3, per_year=4)
    due = list(pledge.instalments.values_list("due", "amount"))
    assert len(due) == 12
    assert due[0] == (date(2026, 11, 30), D("8333.33"))
    assert due[1][0] == date(2027, 2, 28)  # 30 Nov + 3 months, clamped to February
    assert due[-1] == (date(2029, 8, 30), D("8333.37"))
    assert sum(amount for _, amount in due) == D("100000.00")
    report = selectors.funding_report(date(2026, 12, 1))
    # EUR at the recorded 1.0825: one instalment in 2026, four in 2027 and 2028, three in 2029.
    assert report.by_year[2026].pledged == D("9020.83")
    assert report.by_year[2027].pledged == D("36083.32")
    assert sum(t.pledged for t in report.by_year.values()) == D("108250.00")


def test_pledges_in_three_currencies_report_in_dollars(sam, partner) -> None:  # type: ignore[no-untyped-def]
    for total, currency, rate in [
        (D("30000"), "USD", D(1)),
        (D("20000"), "EUR", D("1.08")),
        (D("10000.01"), "GBP", D("1.2655")),
    ]:
        _pledge(
            sam,
            partner,
            total=total,
            currency=currency,
            rate_to_base=rate,
            years=1,
            per_year=1,
            start=date(2026, 3, 1),
        )
    totals = selectors.funding_report(date(2026, 4, 1)).by_year[2026]
    assert totals.pledged == D("30000") + D("21600.00") + D("12655.01")
    assert isinstance(totals.pledged, Decimal)


def test_floats_are_refused(sam, partner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        _pledge(sam, partner, total=1000.5)
    with pytest.raises(ActionError):
        _pledge(sam, partner, total=D("10.001"))
    with pytest.raises(ActionError):
        _pledge(sam, partner, currency="XXX")


def test_receipts_under_and_over_paying_instalments(sam, partner) -> None:  # type: ignore[no-untyped-def]
    pledge = _pledge(
        sam,
        partner,
        total=D("3000"),
        currency="GBP",
        rate_to_base=D("1.25"),
        years=1,
        per_year=3,
        start=date(2026, 1, 31),
    )
    _, allocation = actions.receipt_record(
        actor=sam, pledge=pledge, reference="R1", amount=D("600"), received_on=date(2026, 2, 2)
    )
    first = allocation.instalments[0]
    assert (first.paid, first.outstanding, first.status) == (D("600"), D("400"), "partly_paid")
    assert allocation.underpaid == D("2400") and allocation.overpaid == 0
    second = {
        "actor": sam,
        "pledge": pledge,
        "reference": "R2",
        "amount": D("2900"),
        "received_on": date(2026, 6, 1),
        "rate_to_base": D("1.27"),
    }
    # Paying more than is owed needs a confirmation (a typo must not reach the totals).
    with pytest.raises(ActionError) as unconfirmed:
        actions.receipt_record(**second)
    assert unconfirmed.value.message == actions.ERR_OVERPAYMENT_UNCONFIRMED.format(
        over="GBP\u00a0500.00", owed="GBP\u00a02,400.00"
    )
    _, allocation = actions.receipt_record(**second, confirm_overpayment=True)
    assert [r.status for r in allocation.instalments] == ["paid", "paid", "paid"]
    assert allocation.overpaid == D("500") and allocation.underpaid == 0
    report = selectors.funding_report(date(2026, 7, 1))
    # Each receipt at its own recorded rate: 600 x 1.25 + 2900 x 1.27.
    assert report.by_year[2026].received == D("750.00") + D("3683.00")
    assert report.overpaid == D("625.00")
    with pytest.raises(ActionError):
        actions.receipt_record(
            actor=sam, pledge=pledge, reference="R2", amount=D("1"), received_on=date(2026, 6, 2)
        )
    with pytest.raises(ActionError) as future:
        actions.receipt_record(
            actor=sam, pledge=pledge, reference="R3", amount=D("1"), received_on=date(2099, 1, 1)
        )
    assert future.value.message.startswith(actions.ERR_RECEIPT_IN_FUTURE.split("{")[0])


def test_in_kind_is_never_counted_as_cash(sam, partner) -> None:  # type: ignore[no-untyped-def]
    actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", D("100000"))])
    item = actions.in_kind_record(
        actor=sam,
        organisation=partner.organisation,
        category="expertise",
        description="Two engineers, 300 hours of wallet security review",
        declared_value=D("45000"),
        delivered_on=date(2026, 5, 1),
        hours=D("300"),
        evidence=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
    )
    assert item.evidenced
    totals = selectors.funding_report(date(2026, 6, 1)).by_year[2026]
    assert (totals.in_kind, totals.pledged, totals.received) == (D("45000.00"), 0, 0)
    assert totals.gap == D("100000")  # the gap is cash: in kind does not close it
    report = selectors.funding_report(date(2026, 6, 1))
    assert report.pipeline["received"] == 0 and report.pipeline["in_kind"] == D("45000.00")


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", evidence.ERR_BAD_TYPE),
        ("photo.exe", b"\x89PNG\r\n\x1a\n....", evidence.ERR_BAD_TYPE),
        ("empty.pdf", b"", evidence.ERR_EMPTY),
    ],
)
def test_evidence_is_type_checked(sam, partner, name, content, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ActionError) as raised:
        actions.in_kind_record(
            actor=sam,
            organisation=partner.organisation,
            category="venues",
            description="Venue for the annual meeting",
            declared_value=D("5000"),
            delivered_on=date(2026, 5, 1),
            evidence=SimpleUploadedFile(name, content),
        )
    assert raised.value.message == error


def test_evidence_is_size_checked(sam, partner, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLIANCE_FUNDING_EVIDENCE_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ActionError) as raised:
        actions.in_kind_record(
            actor=sam,
            organisation=partner.organisation,
            category="technology",
            description="Servers",
            declared_value=D("5000"),
            delivered_on=date(2026, 5, 1),
            evidence=big,
        )
    assert str(raised.value.message).startswith(str(uploads.ERR_TOO_LARGE).split(" (")[0])


def test_only_the_secretariat_records_money(alice, partner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        _pledge(alice, partner)
    with pytest.raises(NotAllowed):
        actions.budget_set(actor=alice, year=2026, lines=[("x", D(1))])


def test_budget_gap_and_runway(sam, partner) -> None:  # type: ignore[no-untyped-def]
    actions.budget_set(
        actor=sam, year=2026, lines=[("Secretariat", D("900000")), ("Events", D("300000"))]
    )
    actions.budget_set(actor=sam, year=2027, lines=[("Secretariat", D("1200000"))])
    pledge = _pledge(
        sam,
        partner,
        total=D("600000"),
        currency="USD",
        rate_to_base=D(1),
        years=2,
        per_year=1,
        start=date(2026, 1, 15),
    )
    actions.receipt_record(
        actor=sam, pledge=pledge, reference="R1", amount=D("300000"), received_on=date(2026, 1, 20)
    )
    report = selectors.funding_report(date(2026, 6, 1))
    assert report.by_year[2026].budget == D("1200000")
    assert report.by_year[2026].gap == D("900000")
    # 300,000 received pays three months of a 100,000-a-month budget, counted from
    # today's month (June 2026): June, July and August.
    assert report.runway_received.months == 3
    assert report.runway_received.runs_out == date(2026, 9, 1)
    assert report.runway_pledged.months == 6


def test_funding_totals_go_to_the_log_only_when_they_change(sam, partner) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.filter(kind="funding.totals").count()
    actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", D("1000"))])
    actions.budget_set(actor=sam, year=2026, lines=[("Secretariat", D("1000"))])
    entries = LogEntry.objects.filter(kind="funding.totals")
    assert entries.count() == before + 1
    fact = entries.last().fact["fact"]
    assert fact["by_year"]["2026"]["budget"] == "1000.00"
    # Aggregates only: no organisation appears in the public fact.
    assert partner.organisation.legal_name not in str(fact)
    assert PublishedTotals.objects.count() == before + 1


def test_overdue_reminders_email_the_partner_contact_once_a_day(sam, partner) -> None:  # type: ignore[no-untyped-def]
    pledge = _pledge(
        sam,
        partner,
        total=D("2000"),
        currency="USD",
        rate_to_base=D(1),
        years=1,
        per_year=2,
        start=date(2026, 1, 10),
    )
    actions.receipt_record(
        actor=sam, pledge=pledge, reference="R1", amount=D("400"), received_on=date(2026, 1, 12)
    )
    mail.outbox.clear()
    assert send_overdue_reminders(date(2026, 1, 10)) == 0  # due today is not yet overdue
    assert send_overdue_reminders(date(2026, 1, 11)) == 1
    assert mail.outbox[-1].to == ["alice@amani.example"]
    assert "600.00" in mail.outbox[-1].body
    assert send_overdue_reminders(date(2026, 1, 11)) == 0  # once a day
    with time_machine.travel(date(2026, 8, 1)):
        call_command("funding_reminders")
    assert len(mail.outbox) == 3  # both instalments now overdue
    assert Instalment.objects.filter(reminders__isnull=False).distinct().count() == 2
