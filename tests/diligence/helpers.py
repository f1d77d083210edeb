"""Builders for diligence tests: a case walked through the method's steps."""

from __future__ import annotations

from typing import Any

from alliance.diligence import actions
from alliance.diligence.models import Case
from alliance.diligence.selectors import latest_case
from alliance.governance import flows
from tests.factories import complete_case, complete_draft, make_user

__all__ = ["another_reviewer", "case_for", "complete_case", "signed_case"]


def case_for(applicant: Any, legal_name: str = "Amani Aid", **org: Any) -> Case:
    application = flows.application_submit(
        actor=applicant, application=complete_draft(applicant, legal_name, **org)
    )
    case = latest_case(application)
    assert case is not None
    return case


def signed_case(case: Case, staff: Any, reviewer: Any) -> Case:
    complete_case(case, staff)
    actions.case_prepare(actor=staff, case=case)
    return actions.case_sign_off(actor=reviewer, case=case, note="Agreed.")


def another_reviewer() -> Any:
    from alliance.accounts.roles import Role

    return make_user("rex@review.example", Role.REVIEWER, full_name="Rex Reviewer")
