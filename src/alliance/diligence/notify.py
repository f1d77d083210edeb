"""Emails about information requests, through the one notification module
(:mod:`alliance.core.notifications`: absolute links, sent after the transaction commits)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.core.notifications import absolute_url, email_send, subject
from alliance.diligence.models import InformationRequest


def _contacts(organisation: Any) -> list[str]:
    """The organisation's partner contacts and its contact address."""
    emails = set(
        RoleGrant.objects.filter(role=Role.PARTNER_CONTACT, organisation=organisation).values_list(
            "user__email", flat=True
        )
    )
    if organisation.contact_email:
        emails.add(organisation.contact_email)
    return sorted(emails)


def request_sent(request_pk: int) -> None:
    request = InformationRequest.objects.select_related("case__organisation").get(pk=request_pk)
    organisation = request.case.organisation
    recipients = _contacts(organisation)
    if not recipients:
        return
    link = absolute_url(reverse("web:organisation_detail", args=[organisation.pk]))
    email_send(
        to=recipients,
        subject=subject("a question about your application"),
        body=(
            f"Dear {organisation.legal_name},\n\n"
            "The secretariat's due-diligence review needs more information:\n\n"
            f"{request.question}\n\n"
            f"Please answer on your organisation's page: {link}\n"
        ),
    )


def request_answered(request_pk: int) -> None:
    request = InformationRequest.objects.select_related("case__organisation", "asked_by").get(
        pk=request_pk
    )
    if request.asked_by is None or not request.asked_by.email:
        return
    link = absolute_url(reverse("diligence:case", args=[request.case.pk]))
    email_send(
        to=[request.asked_by.email],
        subject=subject(f"{request.case.organisation.legal_name} answered"),
        body=(
            f"Answer to your question:\n\n{request.question}\n\n---\n\n{request.answer}\n\n"
            f"The case: {link}\n"
        ),
    )
