"""The alliance's admin site: only administrators read it (its pages never write)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alliance.core.permissions import Perm, can


def may_read_admin(request: HttpRequest) -> bool:
    """Administrators (the role, or a superuser made by ``alliance createadmin``) read
    the admin; nobody else, whatever Django's ``is_staff`` flag says."""
    user = request.user
    return bool(user.is_active and (user.is_superuser or can(user, Perm.ADMINISTER)))


class AllianceAdminSite(admin.AdminSite):
    site_header = _("Alliance administration (read only)")
    site_title = _("Alliance administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_read_admin(request)
