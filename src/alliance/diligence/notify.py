"""Emails about information requests, through the one notification module
(:mod:`alliance.core.notifications`: absolute links, sent after the transaction commits,
each in its recipient's language)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.core.i18n import lazy_format
from alliance.core.notifications import Recipient, absolute_url, email_send, subject
from alliance.diligence.models import InformationRequest


def _contacts(organisation: Any) -> list[Recipient]:
    """The organisation's partner contacts, each with their language, and its contact
    address (read in the site's language unless a contact has that address)."""
    people = {
        email: language or None
        for email, language in RoleGrant.objects.filter(
            role=Role.PARTNER_CONTACT, organisation=organisation
        ).values_list("user__email", "user__language")
        if email
    }
    if organisation.contact_email and organisation.contact_email not in people:
        people[organisation.contact_email] = None
    return sorted(people.items())


def request_sent(request_pk: int) -> None:
    request = InformationRequest.objects.select_related("case__organisation").get(pk=request_pk)
    organisation = request.case.organisation
    recipients = _contacts(organisation)
    if not recipients:
        return
    link = absolute_url(reverse("web:organisation_detail", args=[organisation.pk]))
    email_send(
        to=recipients,
        subject=lambda: subject(_("a question about your application")),
        body=lazy_format(
            _(
                "Dear %(organisation)s,\n\n"
                "The secretariat's due-diligence review needs more information:\n\n"
                "%(question)s\n\n"
                "Please answer on your organisation's page: %(link)s\n"
            ),
            organisation=organisation.legal_name,
            question=request.question,
            link=link,
        ),
    )


def request_answered(request_pk: int) -> None:
    request = InformationRequest.objects.select_related("case__organisation", "asked_by").get(
        pk=request_pk
    )
    asker = request.asked_by
    if asker is None or not asker.email:
        return
    link = absolute_url(reverse("diligence:case", args=[request.case.pk]))
    email_send(
        to=[(asker.email, asker.language or None)],
        subject=lambda: subject(
            lazy_format(
                _("%(organisation)s answered"), organisation=request.case.organisation.legal_name
            )
        ),
        body=lazy_format(
            _(
                "Answer to your question:\n\n%(question)s\n\n---\n\n%(answer)s\n\n"
                "The case: %(link)s\n"
            ),
            question=request.question,
            answer=request.answer,
            link=link,
        ),
    )
