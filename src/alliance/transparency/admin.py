"""Read-only admin: the log is append-only, even for administrators."""

from __future__ import annotations

from django.contrib import admin

from alliance.core.admin import ReadOnlyModelAdmin as ReadOnlyAdmin
from alliance.transparency.models import Checkpoint, LogEntry


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("index", "kind", "subject", "created_at", "corrects")
    list_filter = ("kind",)
    search_fields = ("subject", "kind")


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("id", "size", "issued_at", "verifier_key")
