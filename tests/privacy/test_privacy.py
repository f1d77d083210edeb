"""Privacy: the inventory, the notice, the export, erasure, retention and the queue."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail

from alliance.accounts.roles import Role
from alliance.core.models import AuditEvent
from alliance.core.notifications import notify
from alliance.governance.actions import interest_declare
from alliance.governance.models import Notification
from alliance.groups.models import Group, Membership
from alliance.organisations import actions as org_actions
from alliance.organisations.models import Application, OrganisationPerson
from alliance.privacy import actions, inventory, records, selectors
from alliance.privacy.erasure import remaining
from alliance.privacy.models import (
    DataExport,
    DataRequest,
    LegalHold,
    NoticeAcceptance,
    PrivacyNotice,
    RequestStatus,
)
from alliance.transparency.models import LogEntry
from tests.factories import complete_draft, make_user, submitted_application

pytestmark = pytest.mark.django_db

EMAIL = "zora@quill.example"
NAME = "Zora Quillfeather"
BIRTH = date(1961, 7, 23)


def test_every_personal_looking_field_and_person_link_is_declared():
    User = get_user_model()
    missing = []
    for model in apps.get_models():
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            path = f"{model._meta.label_lower}.{field.name}"
            personal = inventory.looks_personal(field) or (
                field.is_relation and field.related_model is User
            )
            if personal and path not in inventory.FIELDS and path not in inventory.NOT_PERSONAL:
                missing.append(path)
    assert missing == []
    for path in [*inventory.FIELDS, *inventory.NOT_PERSONAL]:
        app_label, model_name, field_name = path.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field_name)
    assert set(inventory.FIELDS.values()) <= set(inventory.CATEGORIES)


def test_the_notice_names_every_category_and_is_public(client):
    notice = selectors.current_notice()
    assert notice is not None
    response = client.get("/privacy/")
    assert response.status_code == 200
    for category in inventory.CATEGORIES.values():
        assert str(category.title) in notice.text
        assert str(category.title) in response.content.decode()
    assert notice.text_sha256 in {notice.text_sha256}
    # Publishing again without a change keeps the version.
    assert actions.notice_publish(actor=None).version == notice.version


def test_a_new_retention_schedule_publishes_a_new_notice_and_asks_again(client, alice, sam):
    client.force_login(alice)
    actions.notice_accept(actor=alice)
    assert not selectors.needs_acceptance(alice)
    before = selectors.current_notice()
    actions.retention_schedule_adopt(actor=sam, rules={"notifications": {"days": 200}}, note="x")
    after = selectors.current_notice()
    assert after.version == before.version + 1
    assert "200 days" in after.text
    assert selectors.needs_acceptance(alice)
    page = client.get("/dashboard/").content.decode()
    assert f"Accept version {after.version}" in page
    client.post("/privacy/accept/", {"version": after.version})
    assert not selectors.needs_acceptance(alice)
    assert NoticeAcceptance.objects.filter(user=alice, notice=after).exists()


def test_the_application_principles_step_records_the_notice_version(client, alice):
    from alliance.organisations.selectors import current_principle_set

    application = complete_draft(alice)
    client.force_login(alice)
    data = {f"principle_{p['code']}": "on" for p in current_principle_set().principles}
    data["privacy_consent"] = "on"
    client.post(f"/apply/{application.pk}/principles/", data)
    accepted = NoticeAcceptance.objects.get(user=alice, application=application)
    assert accepted.text_sha256 == selectors.current_notice().text_sha256


def _seed_person(bob, sam):  # type: ignore[no-untyped-def]
    """One person across the apps: applicant contact, officer of another organisation,
    Board member with a declared interest, group member, notified, requester."""
    zora = make_user(EMAIL, Role.BOARD_MEMBER, full_name=NAME)
    own = complete_draft(zora, "Quill Relief")
    other = submitted_application(bob, "Other Aid")
    org_actions.organisation_people_update(
        actor=bob,
        organisation=other.organisation,
        people=[
            {"name": NAME, "role": "officer", "birth_date": BIRTH, "nationality": "KE"},
            {"name": "Someone Else", "role": "officer"},
        ],
        reason="New officer.",
    )
    interest_declare(
        actor=zora, description=f"Adviser to Other Aid ({NAME})", today=date(2026, 3, 1)
    )
    group = Group.objects.create(
        name="Standards",
        slug="standards",
        kind="working_group",
        charter="c",
        created_on=date(2026, 1, 1),
    )
    Membership.objects.create(
        group=group, user=zora, organisation=own.organisation, requested_on=date(2026, 2, 1)
    )
    from django.db import transaction

    with transaction.atomic():
        notify([zora], kind="test", text=f"Hello {NAME}")
    request = actions.data_request_open(actor=zora, kind="erasure", details=f"I am {NAME}.")
    return zora, own, other, request


def test_the_export_covers_every_table_that_references_the_person(
    bob, sam, django_capture_on_commit_callbacks
):
    zora, _own, _other, _ = _seed_person(bob, sam)
    with django_capture_on_commit_callbacks(execute=True):
        export = actions.data_export_start(actor=zora)
    export.refresh_from_db()
    assert export.status == "ready" and export.progress == 100
    with zipfile.ZipFile(io.BytesIO(export.file.read())) as archive:
        data = json.loads(archive.read("data.json"))
        assert NAME in archive.read("summary.html").decode()
    tables = data["tables"]
    # Independently: every relation to the user model, and to officer records by name.
    expected: dict[str, set] = {}
    for model, field in records.user_relations():
        pks = set(model._default_manager.filter(**{field.name: zora}).values_list("pk", flat=True))
        if pks:
            expected.setdefault(model._meta.label_lower, set()).update(pks)
    officers = set(OrganisationPerson.objects.filter(name=NAME).values_list("pk", flat=True))
    expected["organisations.organisationperson"] = officers
    for label, pks in expected.items():
        assert pks <= {row["pk"] for row in tables[label]}, label
    for label in (
        "accounts.rolegrant",
        "organisations.application",
        "organisations.organisationperson",
        "governance.interest",
        "governance.notification",
        "groups.membership",
        "privacy.datarequest",
        "core.auditevent",
    ):
        assert tables[label], label
    assert "password" not in tables["accounts.user"][0]
    assert "Someone Else" not in json.dumps(tables["organisations.organisationperson"])
    assert "ready" in mail.outbox[-1].subject


def test_erasure_leaves_no_trace_outside_holds_and_the_log_verifies(bob, sam, client, tmp_path):
    from tests.transparency.test_verify import _fill

    zora, _own, _other, request = _seed_person(bob, sam)
    _fill(2)
    officer_pk = OrganisationPerson.objects.get(name=NAME).pk
    assert remaining([EMAIL, NAME, BIRTH.isoformat()])
    actions.data_request_decide(
        actor=sam, request=request, status=RequestStatus.GRANTED, outcome="Erased."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED
    holds = LegalHold.objects.filter(person=zora)
    held = {(h.model_label, h.object_pk) for h in holds}
    # The other organisation's case is open: its officer record is held, with an end date.
    assert ("organisations.organisationperson", str(officer_pk)) in held
    assert all(h.ends_on > date.today() for h in holds)
    assert {h.kind for h in holds} >= {"due_diligence", "board_records"}
    left = remaining([EMAIL, NAME, BIRTH.isoformat()])
    assert all((table, pk) in held for table, pk, _ in left), left
    # Nothing of the person on the public log, and the log verifies.
    for entry in LogEntry.objects.all():
        assert EMAIL not in json.dumps(entry.fact) and NAME not in json.dumps(entry.fact)
    from tests.transparency.test_verify import _key, _save

    checkpoint, entries = _save(client, tmp_path, "after")
    from alliance.cli import main as alliance_main

    assert (
        alliance_main(
            [
                "log",
                "verify",
                "--key",
                _key(),
                "--checkpoint",
                str(checkpoint),
                "--entries",
                str(entries),
            ]
        )
        == 0
    )
    # The trail reads with the pseudonym.
    zora.refresh_from_db()
    pseudonym = zora.erasure.pseudonym
    assert zora.full_name == pseudonym and not zora.is_active
    opened = AuditEvent.objects.get(verb="privacy.request_opened")
    assert opened.actor_label == pseudonym
    assert AuditEvent.objects.filter(verb="privacy.person_erased", after__pseudonym=pseudonym)
    assert not Notification.objects.filter(user=zora).exists()


def test_erasure_without_holds_erases_the_officer_record(bob, sam):
    zora = make_user(EMAIL, None, full_name=NAME)
    application = complete_draft(bob, "Draft Org")
    OrganisationPerson.objects.create(
        organisation=application.organisation, name=NAME, role="officer", birth_date=BIRTH
    )
    actions.person_erase(actor=sam, person=zora)
    assert remaining([EMAIL, NAME, BIRTH.isoformat()]) == []
    assert not LegalHold.objects.filter(person=zora).exists()


def test_only_the_secretariat_decides(alice, bob):
    request = actions.data_request_open(actor=alice, kind="access")
    from alliance.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        actions.data_request_decide(actor=bob, request=request, status="granted", outcome="x")


def test_requests_have_a_one_month_deadline_and_a_reminder_once(alice, sam):
    request = actions.data_request_open(actor=alice, kind="rectification", today=date(2026, 1, 31))
    assert request.due_on == date(2026, 2, 28)
    assert actions.data_requests_remind(today=date(2026, 2, 20)) == 0
    assert actions.data_requests_remind(today=date(2026, 2, 21)) == 1
    assert actions.data_requests_remind(today=date(2026, 2, 22)) == 0
    assert Notification.objects.filter(user=sam, kind="privacy.deadline").count() == 1


def _declined(applicant, staff, decided):  # type: ignore[no-untyped-def]
    application = submitted_application(applicant, "Declined Org")
    OrganisationPerson.objects.create(
        organisation=application.organisation,
        name="Ola Officer",
        role="officer",
        birth_date=BIRTH,
        nationality="NG",
    )
    Application.objects.filter(pk=application.pk).update(status="declined", decided_at=decided)
    return application


def test_retention_removes_exactly_on_the_boundary_day_and_nothing_in_dry_run(alice, sam):
    decided = datetime(2026, 1, 10, 12, tzinfo=UTC)
    _declined(alice, sam, decided)
    person = OrganisationPerson.objects.get(name="Ola Officer")
    with time_machine.travel(datetime(2027, 1, 9, 12, tzinfo=UTC)):
        run = actions.retention_apply(actor=sam, today=date(2027, 1, 9), dry_run=False)
        assert "officer_identity" not in run.report or not run.report["officer_identity"]["ids"]
    person.refresh_from_db()
    assert person.birth_date == BIRTH
    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=UTC)):
        dry = actions.retention_apply(actor=sam, today=date(2027, 1, 10), dry_run=True)
        assert dry.report["officer_identity"]["ids"] == [person.pk]
        person.refresh_from_db()
        assert person.birth_date == BIRTH  # dry run: nothing removed
        actions.retention_apply(actor=sam, today=date(2027, 1, 10), dry_run=False)
    person.refresh_from_db()
    assert person.birth_date is None and person.nationality == ""
    # Three years on, the declined applicant's people go.
    actions.retention_apply(actor=sam, today=date(2029, 1, 9), dry_run=False)
    assert OrganisationPerson.objects.filter(pk=person.pk).exists()
    actions.retention_apply(actor=sam, today=date(2029, 1, 10), dry_run=False)
    assert not OrganisationPerson.objects.filter(pk=person.pk).exists()


def test_exports_expire_after_seven_days(alice, sam, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime(2026, 5, 1, 9, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        export = actions.data_export_start(actor=alice)
    actions.retention_apply(actor=sam, today=date(2026, 5, 7), dry_run=False)
    assert DataExport.objects.filter(pk=export.pk).exists()
    actions.retention_apply(actor=sam, today=date(2026, 5, 8), dry_run=False)
    assert not DataExport.objects.filter(pk=export.pk).exists()


def test_pages_check_the_role(client, alice, sam, login):
    client.force_login(alice)
    assert client.get("/privacy/my-data/").status_code == 200
    assert client.get("/privacy/requests/").status_code == 403
    assert client.get("/privacy/retention/").status_code == 403
    other = DataExport.objects.create(person=sam)
    assert client.get(f"/privacy/my-data/export/{other.pk}/").status_code == 404
    login(sam)
    assert client.get("/privacy/requests/").status_code == 200
    assert client.get("/privacy/retention/").status_code == 200
    assert DataRequest.objects.count() == 0
    assert timedelta(days=1)


def test_signup_without_accepting_the_notice_is_refused(client):
    from alliance.privacy.forms import ERR_MUST_ACCEPT
    from tests.factories import PASSWORD

    response = client.post(
        "/accounts/signup/",
        {"email": "no@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert str(ERR_MUST_ACCEPT) in response.content.decode()
    assert not get_user_model().objects.filter(email="no@example.org").exists()


def test_evidence_files_go_seven_years_after_delivery_and_the_record_stays(
    alice, sam, settings, tmp_path
):
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.funding.actions import in_kind_record
    from tests.factories import admitted_partnership

    settings.MEDIA_ROOT = tmp_path / "media"
    partnership = admitted_partnership(alice, sam)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    item = in_kind_record(
        actor=sam,
        organisation=partnership.organisation,
        category="expertise",
        description="Security review of the wallet",
        declared_value=Decimal("4500"),
        delivered_on=date(2026, 3, 31),
        evidence=SimpleUploadedFile("timesheet.pdf", pdf, content_type="application/pdf"),
    )
    stored = tmp_path / "media" / item.evidence.name
    assert stored.exists()
    actions.retention_apply(actor=sam, today=date(2033, 3, 30), dry_run=False)
    item.refresh_from_db()
    assert item.evidence and stored.exists()
    dry = actions.retention_apply(actor=sam, today=date(2033, 3, 31), dry_run=True)
    assert dry.report["evidence_files"]["ids"] == [item.pk]
    assert stored.exists()  # dry run: nothing removed
    actions.retention_apply(actor=sam, today=date(2033, 3, 31), dry_run=False)
    item.refresh_from_db()
    assert not item.evidence and not stored.exists()
    assert item.declared_value == Decimal("4500") and item.description


def test_read_notifications_and_answered_requests_go_on_their_boundary_day(alice, sam):
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=UTC)):
        notify([alice], kind="privacy.test", text="Your download is ready")
        note = Notification.objects.get(user=alice, kind="privacy.test")
        unread = Notification.objects.create(user=alice, kind="privacy.test", text="Unread")
        Notification.objects.filter(pk=note.pk).update(read_at=datetime(2026, 2, 2, tzinfo=UTC))
        request = actions.data_request_open(actor=alice, kind="objection")
        actions.data_request_decide(actor=sam, request=request, status="refused", outcome="No")
    # Read notifications: 365 days after they were sent; unread ones stay.
    actions.retention_apply(actor=sam, today=date(2027, 1, 31), dry_run=False)
    assert Notification.objects.filter(pk=note.pk).exists()
    actions.retention_apply(actor=sam, today=date(2027, 2, 1), dry_run=False)
    assert not Notification.objects.filter(pk=note.pk).exists()
    assert Notification.objects.filter(pk=unread.pk).exists()
    # Answered requests: three years after the answer.
    actions.retention_apply(actor=sam, today=date(2029, 1, 31), dry_run=False)
    assert DataRequest.objects.filter(pk=request.pk).exists()
    dry = actions.retention_apply(actor=sam, today=date(2029, 2, 1), dry_run=True)
    assert dry.report["closed_requests"]["ids"] == [request.pk]
    assert DataRequest.objects.filter(pk=request.pk).exists()
    actions.retention_apply(actor=sam, today=date(2029, 2, 1), dry_run=False)
    assert not DataRequest.objects.filter(pk=request.pk).exists()


def test_granting_an_erasure_asks_for_confirmation_and_warns_of_a_lone_contact(
    client, login, alice, sam
):
    from alliance.privacy.forms import ERR_CONFIRM_ERASURE

    application = submitted_application(alice, "Lone Contact Org")
    request = actions.data_request_open(actor=alice, kind="erasure")
    login(sam)
    page = client.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert "only contact of" in page and application.organisation.legal_name in page
    answer = {"status": "granted", "outcome": "Erased."}
    response = client.post(f"/privacy/requests/{request.pk}/", answer)
    assert response.status_code == 200
    assert str(ERR_CONFIRM_ERASURE) in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    response = client.post(f"/privacy/requests/{request.pk}/", {**answer, "confirm_erasure": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED


def test_the_retention_sentences_read_in_the_readers_language_and_stay_english_in_the_notice(
    client, sam
):
    actions.retention_schedule_adopt(actor=sam, rules={"notifications": {"days": 200}}, note="x")
    published = selectors.current_notice()
    english = (
        "Read notifications are deleted 200 days after they were sent; they only point at "
        "records kept elsewhere."
    )
    assert english in published.text  # what is hashed and accepted stays English
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        "Les notifications lues sont supprimées 200 jours après leur envoi ; elles ne font "
        "que renvoyer à des enregistrements conservés ailleurs."
    ) in page
    assert english not in page
    # A legal hold, in Arabic.
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert (
        "يُحتفظ بالتطابق المؤكد مع قائمة جزاءات 5 سنوات لمدة خمس سنوات، وهي مدة حفظ السجلات "
        "وفق التوصية 11 لمجموعة العمل المالي."
    ) in page


def test_a_retention_sentence_no_rule_reads_stays_as_published():
    from django.utils import translation

    from alliance.privacy.notice import retention_shown

    with translation.override("fr"):
        assert retention_shown("Kept for a while, then removed.") == (
            "Kept for a while, then removed."
        )
        assert retention_shown(
            "Read notifications are deleted soon after they were sent; they "
            "only point at records kept elsewhere."
        ).startswith("Read ")
        assert retention_shown("") == ""


def test_every_piece_of_data_the_notice_names_has_a_translation():
    """The notice names its data from the inventory (notice._field_label, in English); a
    field added to the inventory must be added to privacy.data_labels with its
    translations, or a French page would show its English name."""
    from django.utils import translation

    from alliance.privacy.data_labels import DATA_LABELS
    from alliance.privacy.notice import _field_label

    grouped = inventory.fields_by_category()
    with translation.override("en"):
        named = {_field_label(p) for paths in grouped.values() for p in paths}
    assert named == set(DATA_LABELS)


def test_the_data_names_read_in_the_readers_language_and_stay_english_in_the_notice(client):
    published = selectors.current_notice()
    named = [d for c in published.sections["categories"] for d in c["data"]]
    assert "Your authenticators" in named and "Officer or owner: birth date" in named
    assert "Data: " in published.text and "Officer or owner: birth date" in published.text
    french = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vos moyens d&#x27;authentification" in french
    assert "Dirigeant ou propriétaire : date de naissance" in french
    arabic = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "وسائل المصادقة الخاصة بك" in arabic
    assert "المسؤول أو المالك: تاريخ الميلاد" in arabic
    for english in ("Your authenticators", "Officer or owner: birth date"):
        assert english not in french + arabic


def test_a_data_name_an_older_notice_published_stays_as_published(client):
    """A notice published before a field was renamed names it as it was then."""
    published = selectors.current_notice()
    sections = dict(published.sections)
    first = dict(sections["categories"][0])
    first["data"] = ["Account: nickname", *first["data"]]
    sections["categories"] = [first, *sections["categories"][1:]]
    PrivacyNotice.objects.filter(pk=published.pk).update(sections=sections)
    french = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Account: nickname; " in french
