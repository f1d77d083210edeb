"""Start background screening when an application is submitted or its people change."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from alliance.organisations.models import OrganisationPerson
from alliance.organisations.signals import application_submitted, people_changed


def enqueue_organisation_screen(organisation_id: int) -> None:
    """Screen the organisation in the background once the current transaction commits."""
    from alliance.screening.tasks import screen_organisation

    transaction.on_commit(partial(screen_organisation.enqueue, organisation_id))


@receiver(application_submitted, dispatch_uid="screening.application_submitted")
def screen_submitted_application(sender: Any, application: Any, **kwargs: Any) -> None:
    enqueue_organisation_screen(application.organisation_id)


@receiver(people_changed, dispatch_uid="screening.people_changed")
def screen_changed_people(sender: Any, organisation: Any, **kwargs: Any) -> None:
    from alliance.screening.selectors import is_screenable

    if is_screenable(organisation):
        enqueue_organisation_screen(organisation.pk)


@receiver(post_save, sender=OrganisationPerson, dispatch_uid="screening.person_saved")
def screen_saved_person(sender: Any, instance: OrganisationPerson, **kwargs: Any) -> None:
    # Drafts are screened when submitted; afterwards every officer or owner added or
    # edited is screened at once.
    from alliance.screening.selectors import is_screenable

    if is_screenable(instance.organisation):
        enqueue_organisation_screen(instance.organisation_id)
