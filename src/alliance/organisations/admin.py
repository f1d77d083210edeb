from django.contrib import admin

from alliance.organisations.models import (
    Application,
    Attestation,
    Organisation,
    OrganisationPerson,
    Partnership,
    PrincipleSet,
)


class PersonInline(admin.TabularInline):
    model = OrganisationPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "type", "registration_country", "is_founding_partner"]
    list_filter = ["type", "is_founding_partner"]
    search_fields = ["legal_name", "registration_number"]
    inlines = [PersonInline]


class AttestationInline(admin.TabularInline):
    model = Attestation
    extra = 0
    readonly_fields = ["principle_code", "principle_set", "text_sha256", "attested_by"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "submitted_at"]
    list_filter = ["status"]
    # Status changes go through the lifecycle actions, never through the admin.
    readonly_fields = ["status", "submitted_at", "decided_at"]
    inlines = [AttestationInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "tier", "since"]
    readonly_fields = ["status", "since", "ended_on"]


admin.site.register(PrincipleSet)
