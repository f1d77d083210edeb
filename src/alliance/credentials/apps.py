from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "alliance.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        from alliance.core.audit_reasons import register_reason_forms
        from alliance.credentials.reasons import REASON_FORMS

        # The reasons credentials write, in the reader's words on the audit pages.
        register_reason_forms(REASON_FORMS)
