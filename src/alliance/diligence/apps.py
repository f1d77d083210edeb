from django.apps import AppConfig


class DiligenceConfig(AppConfig):
    name = "alliance.diligence"
    label = "diligence"
    verbose_name = "Due diligence"

    def ready(self) -> None:
        from alliance.core.audit_reasons import register_reason_forms
        from alliance.diligence.reasoning import AUDIT_REASON_FORMS

        # The reasons due diligence writes, in the reader's words on the audit pages.
        register_reason_forms(AUDIT_REASON_FORMS)

        from alliance.diligence.services import open_reassessments_for
        from alliance.screening.reactions import on_partner_hits

        # Screening sits below diligence: it reports new hits on partners through its
        # registry, and due diligence reopens their cases.
        on_partner_hits(open_reassessments_for)
