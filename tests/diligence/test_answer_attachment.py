"""An answer to a due-diligence question may carry a checked file, served only to the
organisation and the due-diligence staff; a second tab's answer changes nothing and
keeps the typed text."""

from __future__ import annotations

import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance.core import uploads
from alliance.diligence import actions
from alliance.diligence.selectors import latest_case
from tests.factories import sign_in, submitted_application

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def asked(alice, sam, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    application = submitted_application(alice, "Amani Aid")
    return actions.info_request_send(
        actor=sam, case=latest_case(application), question="Send the audited accounts."
    )


def _post(client, request, text, upload=None):  # type: ignore[no-untyped-def]
    data = {f"r{request.pk}-answer": text}
    if upload is not None:
        data[f"r{request.pk}-attachment"] = upload
    return client.post(reverse("diligence:request_answer", args=[request.pk]), data)


def test_answer_with_a_file_is_stored_0640_and_served_no_store(client, alice, sam, bob, asked):  # type: ignore[no-untyped-def]
    sign_in(client, alice)
    response = _post(client, asked, "Here.", SimpleUploadedFile("accounts.pdf", PDF))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.attachment_name == "accounts.pdf"
    assert stat.S_IMODE(os.stat(asked.attachment.path).st_mode) == 0o640
    url = reverse("diligence:request_attachment", args=[asked.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]
    assert sign_in(client, sam).get(url).status_code == 200
    client.logout()
    assert sign_in(client, bob).get(url).status_code == 403


def test_a_file_of_the_wrong_type_is_refused_and_the_text_kept(client, alice, asked):  # type: ignore[no-untyped-def]
    sign_in(client, alice)
    response = _post(client, asked, "My typed answer", SimpleUploadedFile("x.pdf", b"MZ not"))
    assert response.status_code == 400
    page = response.content.decode()
    assert str(uploads.ERR_BAD_TYPE) in page and "My typed answer" in page
    asked.refresh_from_db()
    assert asked.answered_at is None and not asked.attachment


def test_second_tab_keeps_the_typed_text_and_changes_nothing(client, alice, asked):  # type: ignore[no-untyped-def]
    sign_in(client, alice)
    assert _post(client, asked, "First tab's answer").status_code == 302
    response = _post(client, asked, "Second tab's longer answer")
    assert response.status_code == 409
    page = response.content.decode()
    assert str(actions.ERR_ALREADY_ANSWERED) in page
    assert "Second tab&#x27;s longer answer" in page and "First tab&#x27;s answer" in page
    asked.refresh_from_db()
    assert asked.answer == "First tab's answer"
