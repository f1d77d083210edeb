"""Read-only: role grants change through ``role_grant`` / ``role_revoke`` (audited), on the
administrators' "Roles" page, never through the admin."""

from django.contrib import admin

from alliance.accounts.models import RoleGrant, User
from alliance.core.admin import ReadOnlyInline, ReadOnlyModelAdmin


class RoleGrantInline(ReadOnlyInline):
    model = RoleGrant


@admin.register(User)
class UserAdmin(ReadOnlyModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    inlines = [RoleGrantInline]
    exclude = ["password", "user_permissions", "groups"]
