"""Read-only admin views: dossiers change only through the lifecycle services (and audit entries never)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import AuditEntry, Dossier


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ("code", "procedure_code", "state", "national_status", "submitted_at", "due_at")
    list_filter = ("state", "channel")
    search_fields = ("code", "owner_name", "submitter_name")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("dossier", "seq", "verb", "actor_name", "at", "to_state")
    list_select_related = ("dossier",)
