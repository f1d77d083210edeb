"""The Django admin reads; it never writes domain data.

Every write goes through an action function, which checks the actor's role and records
the audit event (and, for public facts, the log entry) in the same transaction. So every
app registers its models with :class:`ReadOnlyModelAdmin` (and :class:`ReadOnlyInline`),
which refuse add, change and delete to everyone, superusers included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from alliance.core.admin_site import may_read_admin
from alliance.core.models import AuditEvent


class _ReadOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyModelAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[misc]
    """A model's admin pages, for reading only: writes go through actions, which audit."""

    actions = None  # no bulk actions (Django's "delete selected" among them)


class ReadOnlyInline(_ReadOnly, admin.TabularInline):  # type: ignore[misc]
    extra = 0
    can_delete = False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "actor_label", "verb", "object_type", "object_id"]
    list_filter = ["verb", "object_type"]
    search_fields = ["actor_label", "object_id", "reason"]
