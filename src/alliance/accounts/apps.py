from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alliance.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(_enrolled, dispatch_uid="alliance-mfa-enrolment")


def _enrolled(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    from alliance.accounts.mfa import record_enrolment

    record_enrolment(request, user, authenticator)
