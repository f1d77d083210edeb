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


# Third-party models the admin shows (issue 14: the permission matrix found their stock
# admins let a superuser add and delete): read-only too. A TOTP authenticator's data holds
# its secret, which no page shows.
def _read_only(model: type, **options: object) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyModelAdmin,), options))


def _register_third_party() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    _read_only(Group)
    _read_only(EmailAddress, list_display=["email", "user", "verified", "primary"])
    _read_only(Authenticator, list_display=["user", "type", "created_at"], exclude=["data"])


_register_third_party()
