from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "alliance.governance"
    label = "governance"
    verbose_name = _("Board governance")

    def ready(self) -> None:
        from alliance.core.notifications import register_inbox
        from alliance.diligence.boardpack import register_conflict_source
        from alliance.governance.notifications import inbox_store
        from alliance.governance.pack_conflicts import conflicts_about

        # The in-app inbox behind core's one notification module.
        register_inbox(inbox_store)

        from alliance.governance.recommendation_flow import provider
        from alliance.groups import board_rules

        # Groups reads the Board's rules in force through this provider.
        board_rules.register(provider)

        # The Board pack's first page notes the conflicts about the applicant.
        register_conflict_source(conflicts_about)

        from alliance.governance.models import (
            MotionKind,
            MotionOutcome,
            NeutralityVerdict,
            VoteChoice,
        )
        from alliance.transparency.fact_words import register_fact_values

        # The words for the codes the Board's log facts carry (board.motion,
        # board.neutrality_review), shown beside the signed codes on the entry page.
        register_fact_values("kind", MotionKind.choices)
        register_fact_values("outcome", MotionOutcome.choices)
        # ``outcome_words`` signs the outcome's English label ("Passed").
        from django.utils import translation

        with translation.override("en-gb"):
            english = [(str(label), label) for _code, label in MotionOutcome.choices]
        register_fact_values("outcome_words", english)
        register_fact_values("votes", VoteChoice.choices)
        register_fact_values("verdict", NeutralityVerdict.choices)

        from alliance.core.audit_reasons import register_reason_forms
        from alliance.governance.motion_words import AUDIT_REASON_FORMS

        # The reasons the Board's flows write, in the reader's words on the audit pages.
        register_reason_forms(AUDIT_REASON_FORMS)
