"""Walk 3: reasons the system writes on audit events (other than the Board's decisions)
were stored in English and shown as stored. Each app registers the forms of the reasons
it writes; the audit pages read a stored reason back into its form, in the reader's
language. Stored rows are not rewritten; a typed reason is shown as written."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from alliance.core.audit_reasons import audit_reason_shown
from alliance.credentials.reasons import REISSUED
from alliance.diligence.reasoning import OPENED_BY_HAND, PREPARATION_WITHDRAWN
from alliance.governance.motion_words import (
    NOTICE_DATE,
    PARTNERSHIP_MOVED,
    PARTNERSHIP_MOVED_AFTER_NOTICE,
    TIER_CHANGED,
)


@pytest.mark.parametrize(
    ("stored", "language", "shown"),
    [
        ("Application submitted.", "fr", "Candidature soumise."),
        (OPENED_BY_HAND, "es", "Abierto manualmente."),
        (
            PREPARATION_WITHDRAWN,
            "fr",
            "Le dossier a changé après sa préparation ; préparez-le de nouveau pour la validation.",
        ),
        (
            PARTNERSHIP_MOVED.format(number=12, status="suspended"),
            "fr",
            "Décision du Conseil n° 12 : partenariat suspendu",
        ),
        (
            TIER_CHANGED.format(before="tier_2", after="tier_3"),
            "es",
            "categoría cambiada de tier_2 a tier_3",
        ),
        (
            REISSUED.format(reason=TIER_CHANGED.format(before="—", after="tier_1")),
            "fr",
            "réémis : catégorie passée de — à tier_1",
        ),
    ],
)
def test_a_system_reason_reads_in_the_readers_language(stored, language, shown):  # type: ignore[no-untyped-def]
    with translation.override(language):
        assert audit_reason_shown(stored) == shown
    with translation.override("en-gb"):
        assert audit_reason_shown(stored) == stored


def test_a_partnership_reason_after_notice_keeps_the_quoted_reasons_as_written() -> None:
    stored = PARTNERSHIP_MOVED_AFTER_NOTICE.format(
        number=7,
        status="terminated",
        sent=date(2026, 3, 5).strftime(NOTICE_DATE),
        reasons="Misuse of identity data.",
    )
    with translation.override("fr"):
        words = audit_reason_shown(stored)
    assert words == (
        "Décision du Conseil n° 7 : partenariat résilié (préavis du 5 mars 2026 : "
        "Misuse of identity data.)"
    )
    with translation.override("es"):
        assert audit_reason_shown(stored).startswith(
            "Decisión del Consejo n.º 7: asociación terminada (notificación del "
        )


def test_a_typed_reason_is_shown_as_written() -> None:
    with translation.override("ar"):
        assert audit_reason_shown("Board decision pending; see the minutes.") == (
            "Board decision pending; see the minutes."
        )
        assert audit_reason_shown("") == ""


@pytest.mark.django_db
def test_the_history_page_reads_the_systems_reasons_in_french(client, login, alice, sam):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from alliance.core.models import AuditEvent
    from tests.diligence.helpers import case_for

    case = case_for(alice)
    assert AuditEvent.objects.filter(
        organisation=case.organisation, reason="Application submitted."
    ).exists()
    login(sam)
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("web:organisation_detail", args=[case.organisation_id]))
    history = page.content.decode().split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    assert "Candidature soumise." in history and "Application submitted." not in history
    # The stored row is unchanged.
    assert AuditEvent.objects.filter(reason="Application submitted.").exists()
