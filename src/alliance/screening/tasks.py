"""Background screening: new applications and their people, and list-update re-screening.

Tasks take ids (JSON arguments) and act as the system. Each worker process keeps the
screener over the current lists in memory (see screening.engine), so consecutive tasks
reuse one index.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks import task

from alliance.organisations.models import Organisation
from alliance.screening import actions
from alliance.screening.models import ListVersion
from alliance.screening.selectors import is_screenable


@task()
def screen_organisation(organisation_id: int) -> dict[str, Any]:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return {"organisation": organisation_id, "skipped": "gone"}
    results = actions.organisation_screen(actor=None, organisation=organisation)
    return {"organisation": organisation_id, "hits": len(results)}


@task()
def rescreen_list_version(version_id: int) -> dict[str, Any]:
    version = ListVersion.objects.filter(pk=version_id).first()
    if version is None:
        return {"version": version_id, "skipped": "gone"}
    alert = actions.list_version_rescreen(version=version)
    return {"version": version_id, "alert": alert.pk, "changes": alert.items.count()}


def screen_after_commit(organisation: Organisation, *, only_if_screenable: bool = False) -> None:
    """Screen the organisation in the background once the current transaction commits.
    governance.flows calls it on submission and when officers or owners change (then only
    for an organisation screening covers: an open applicant or a live partner)."""
    if only_if_screenable and not is_screenable(organisation):
        return
    transaction.on_commit(partial(screen_organisation.enqueue, organisation.pk))
