"""Background work: the daily reminder for overdue instalments, in each contact's language."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from alliance.accounts.roles import Role
from alliance.core.i18n import lazy_format
from alliance.core.notifications import Recipient, absolute_url, email_send
from alliance.funding import selectors
from alliance.funding.models import Instalment, ReminderSent
from alliance.organisations.models import Organisation


def _contacts(organisation: Organisation) -> list[Recipient]:
    """The partner contacts with their languages, else the organisation's address."""
    from alliance.accounts.models import RoleGrant

    people = {
        email: language or None
        for email, language in RoleGrant.objects.filter(
            organisation=organisation, role=Role.PARTNER_CONTACT
        ).values_list("user__email", "user__language")
        if email
    }
    fallback = getattr(organisation, "contact_email", "")
    return sorted(people.items()) or ([(fallback, None)] if fallback else [])


def send_overdue_reminders(today: date | None = None) -> int:
    """Email each partner contact about every overdue instalment, at most once a day per
    instalment. Returns how many emails went out."""
    today = today or timezone.localdate()
    sent = 0
    for overdue in selectors.overdue_instalments(today):
        pledge, row = overdue.pledge, overdue.instalment
        instalment = Instalment.objects.get(pledge=pledge, number=row.instalment.number)
        recipients = _contacts(pledge.organisation)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    instalment=instalment, sent_on=today, sent_to=recipients[0][0]
                )
        except IntegrityError:
            continue  # already reminded today
        context = {
            "organisation": pledge.organisation,
            "pledge": pledge,
            "row": row,
            "today": today,
            "alliance": getattr(settings, "ALLIANCE_NAME", "Alliance"),
            "organisation_url": absolute_url(
                reverse("web:organisation_detail", args=[pledge.organisation_id])
            ),
        }
        email_send(
            to=recipients,
            subject=lazy_format(
                _("Contribution instalment %(number)s overdue since %(due)s"),
                number=str(row.instalment.number),
                due=row.instalment.due,
            ),
            body=partial(render_to_string, "funding/email/overdue.txt", context),
            now=True,
        )
        sent += 1
    return sent


@task()
def overdue_reminders_task() -> int:
    """Enqueue once a day (``alliance manage funding_reminders --enqueue`` from cron)."""
    return send_overdue_reminders()
