"""Read-only: organisations, applications and partnerships change through the lifecycle
actions, never through the admin."""

from django.contrib import admin

from alliance.core.admin import ReadOnlyInline, ReadOnlyModelAdmin
from alliance.organisations.models import (
    Application,
    Attestation,
    Organisation,
    OrganisationPerson,
    Partnership,
    PrincipleSet,
)


class PersonInline(ReadOnlyInline):
    model = OrganisationPerson


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyModelAdmin):
    list_display = ["legal_name", "type", "registration_country", "is_founding_partner"]
    list_filter = ["type", "is_founding_partner"]
    search_fields = ["legal_name", "registration_number"]
    inlines = [PersonInline]


class AttestationInline(ReadOnlyInline):
    model = Attestation


@admin.register(Application)
class ApplicationAdmin(ReadOnlyModelAdmin):
    list_display = ["organisation", "status", "submitted_at"]
    list_filter = ["status"]
    inlines = [AttestationInline]


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyModelAdmin):
    list_display = ["organisation", "status", "tier", "since"]


admin.site.register(PrincipleSet, ReadOnlyModelAdmin)
