from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "alliance.organisations"
    label = "organisations"
    verbose_name = "Organisations, applications and partnerships"

    def ready(self) -> None:
        from alliance.organisations.choices import OrganisationType, PartnershipStatus
        from alliance.transparency.fact_words import register_fact_values

        # The words for the codes of the partner.* facts (status, type of organisation).
        register_fact_values("status", PartnershipStatus.choices)
        register_fact_values("type", OrganisationType.choices)
        # The sentence the log states for an applicant with no commercial interest (any
        # other stance is the partner's own words, shown as written).
        from django.utils.translation import gettext_lazy as _

        none = "Declares no commercial interest in digital identity."
        register_fact_values("commercial_stance", [(none, _(none))])
