"""The demo seeder: lists loaded, a hit to decide, safe to re-run."""

from __future__ import annotations

import pytest

from alliance.datadir import FALLBACK_DATA_DIR
from alliance.demo import screening as demo
from alliance.screening.models import ListVersion, ScreeningAlert
from alliance.screening.selectors import results_for_organisation
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_a_hit_to_decide_and_is_idempotent(alice, sam, settings) -> None:
    settings.ALLIANCE_DATA_DIR = FALLBACK_DATA_DIR  # the small fixture keeps this fast
    application = submitted_application(alice, demo.HIT_ORGANISATION)
    assert application.status == "in_due_diligence"  # the case opened on submission

    demo.seed(logins={}, staff={"secretariat": sam}, today=None)
    hits = results_for_organisation(application.organisation)
    assert [(h.subject.name, h.entry_id, h.decision) for h in hits] == [
        (demo.HIT_PERSON["name"], "QDi.312", None)
    ]
    versions = ListVersion.objects.count()
    assert versions == 2 and ScreeningAlert.objects.count() == 2

    demo.seed(logins={}, staff={"secretariat": sam}, today=None)
    assert ListVersion.objects.count() == versions
    assert len(results_for_organisation(application.organisation)) == 1


def test_demo_uses_both_real_un_versions_when_present(real_data) -> None:
    names = [p.name for p in demo.demo_list_paths(real_data)]
    assert names == [*demo.REAL_UN_VERSIONS, "sdn_fallback"]
