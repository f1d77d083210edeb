"""The cross-app flows of the partnership lifecycle, each one ordered function.

No ``post_save`` receiver carries a business rule: the actions that span apps are
written out here, in the order they happen, inside one transaction. This module sits
above organisations and the domain apps (screening, diligence, funding, credentials), so
it may call each of them; they never call it.

- ``application_submit``: the application is submitted, its admission case opens (the
  application is then in due diligence) and screening starts once it commits.
- ``organisation_people_update``: officers and owners replaced, then screened again.
- ``admission``: called by the passing admission motion: application approved and
  partnership created; tier fixed by funding; credential issued; the public log entry;
  the applicant's contacts told.
- ``partnership_tier_change``: a renewal re-checks the tier; a changed tier re-issues
  the credential (the credential states the tier).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.core.i18n import lazy_format
from alliance.core.notifications import notify
from alliance.credentials import actions as credentials
from alliance.diligence import actions as diligence
from alliance.funding import actions as funding
from alliance.funding.models import TierAssignment
from alliance.governance.lifecycle import check_admission_ready
from alliance.governance.motion_words import TIER_CHANGED
from alliance.organisations import actions as organisations
from alliance.organisations.models import Application, Organisation, OrganisationPerson, Partnership
from alliance.screening.tasks import screen_after_commit


@transaction.atomic
def application_submit(*, actor: Any, application: Application) -> Application:
    """Submit, open the admission case, and screen the organisation after commit."""
    application = organisations.application_submit(actor=actor, application=application)
    diligence.case_open_on_submission(actor=actor, application=application)
    screen_after_commit(application.organisation)
    application.refresh_from_db()
    return application


@transaction.atomic
def organisation_people_update(
    *, actor: Any, organisation: Organisation, people: list[dict[str, Any]], reason: str
) -> list[OrganisationPerson]:
    """Replace the officers and owners; screening covers the change at once."""
    created = organisations.organisation_people_update(
        actor=actor, organisation=organisation, people=people, reason=reason
    )
    screen_after_commit(organisation, only_if_screenable=True)
    return created


def _contacts(organisation: Organisation) -> list[Any]:
    return [
        grant.user
        for grant in RoleGrant.objects.filter(
            organisation=organisation, role=Role.PARTNER_CONTACT
        ).select_related("user")
    ]


@transaction.atomic
def admission(
    *, actor: Any, application: Application, decision: Any, tier: str = ""
) -> Partnership:
    """Carry out a Board admission decision, in this order: the application is approved
    and the partnership created; funding fixes the tier for the first period; the
    partnership credential is issued with that tier; the admission goes on the public
    log; the organisation's contacts are told. One transaction: all or nothing.
    Refused (governance.lifecycle) unless the case is signed off by a second person and
    has its Board pack."""
    check_admission_ready(application)
    partnership = organisations.application_approve(
        actor=actor, application=application, decision=decision, tier=tier
    )
    funding.tier_fix_on_admission(partnership=partnership)
    partnership.refresh_from_db()
    # The system issues the credential the Board's decision entitles the partner to.
    credentials.partnership_credential_issue(actor=None, partnership=partnership)
    organisations.partnership_admission_publish(partnership, decision_id=decision.pk)
    organisation = partnership.organisation
    notify(
        _contacts(organisation),
        kind="partner.admitted",
        text=lazy_format(
            _("The Board admitted %(organisation)s as a partner (tier: %(tier)s)."),
            organisation=organisation.legal_name,
            tier=partnership.tier or "—",
        ),
        url=f"/organisations/{organisation.pk}/",
    )
    return partnership


@transaction.atomic
def partnership_tier_change(
    *, actor: Any, partnership: Partnership, on: Any = None
) -> TierAssignment:
    """Renew the partnership for its next period (funding re-checks the tier); if the
    tier changed, the credential is re-issued stating the new tier (the old one revoked)."""
    before = Partnership.objects.get(pk=partnership.pk).tier
    assignment = funding.partnership_renew(actor=actor, partnership=partnership, on=on)
    partnership.refresh_from_db()
    current = credentials.current_partnership_credential(partnership)
    if partnership.tier != before or (current is not None and current.tier != partnership.tier):
        credentials.credential_reissue(
            actor=None,
            partnership=partnership,
            reason=TIER_CHANGED.format(before=before or "—", after=partnership.tier or "—"),
        )
    return assignment
