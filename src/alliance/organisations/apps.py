from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "alliance.organisations"
    label = "organisations"
    verbose_name = "Organisations, applications and partnerships"

    def ready(self) -> None:
        from alliance.organisations.choices import OrganisationType, PartnershipStatus
        from alliance.transparency.selectors import register_fact_values

        # The words for the codes of the partner.* facts (status, type of organisation).
        register_fact_values("status", PartnershipStatus.choices)
        register_fact_values("type", OrganisationType.choices)
