"""Django's admin app with the alliance's own site (a module of its own: an apps module
with two AppConfig classes would leave Django unsure which is core's)."""

from django.contrib.admin.apps import AdminConfig


class AllianceAdminConfig(AdminConfig):
    """Administrators only, read-only pages (see alliance.core.admin_site)."""

    default_site = "alliance.core.admin_site.AllianceAdminSite"
