"""The screening part of the demo alliance: lists loaded, everyone screened, one hit to decide.

With the shared real data the UN list is loaded in two versions (February, then May 2026),
so the secretariat page shows a real diff and its alert; otherwise the small fallback
fixture shipped with Alliance is used. One in-diligence applicant discloses a finance
director whose name is a spelling variant of a listed person, so the organisation page
shows an explained hit for the reviewer to decide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from alliance.datadir import FALLBACK_DATA_DIR, has_real_data
from alliance.governance.flows import organisation_people_update
from alliance.organisations.models import Organisation
from alliance.screening.actions import (
    list_version_load,
    list_version_rescreen,
    organisation_screen,
)

HIT_ORGANISATION = "Amani Refugee Legal Aid"
HIT_PERSON = {
    "name": "Aamir Ali Choudhary", "role": "officer", "position": "Finance director",
    "nationality": "PK",
}  # fmt: skip
REAL_UN_VERSIONS = ("un_consolidated_2026-02-27.xml", "un_consolidated_2026-05-08.xml")


def demo_list_paths(data_dir: Path | None = None) -> list[Path]:
    """The list files the demo loads, oldest version first."""
    data = Path(data_dir or settings.ALLIANCE_DATA_DIR)
    fallback = FALLBACK_DATA_DIR / "lists"
    un_real = [data / "lists" / "un" / name for name in REAL_UN_VERSIONS]
    if has_real_data(data) and all(p.is_file() for p in un_real):
        un = un_real
    else:
        un = [fallback / "un" / "un_consolidated_fallback.xml"]
    return [*un, fallback / "ofac" / "sdn_fallback"]


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: Any) -> None:
    secretariat = staff["secretariat"]
    organisation = Organisation.objects.filter(legal_name=HIT_ORGANISATION).first()
    added = False
    if (
        organisation is not None
        and not organisation.people.filter(name=HIT_PERSON["name"]).exists()
    ):
        # Disclosed during due diligence: the secretariat corrects the officers' list.
        people = [
            {f: getattr(p, f) for f in ("name", "role", "position", "nationality",
                                        "birth_date", "ownership_percent")}
            for p in organisation.people.all()
        ]  # fmt: skip
        organisation_people_update(
            actor=secretariat,
            organisation=organisation,
            people=[*people, HIT_PERSON],
            reason="Finance director disclosed in answer to the secretariat's question.",
        )
        added = True
    loaded_any = False
    for path in demo_list_paths():
        outcome = list_version_load(actor=secretariat, path_or_upload=path)
        if not outcome.unchanged:
            # Run now rather than wait for a worker, so the demo opens with its hits.
            list_version_rescreen(version=outcome.version)
            loaded_any = True
    if organisation is not None and added and not loaded_any:
        organisation_screen(actor=secretariat, organisation=organisation)
