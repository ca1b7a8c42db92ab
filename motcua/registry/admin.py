"""Operators' view of the register: people read-only here (changes go through the services), the access
log strictly read-only (append-only), import runs for monitoring."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.registry.models import AccessFlag, AccessLog, ImportRun, Person


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["personal_id", "full_name", "birth_date", "sex", "household"]
    search_fields = ["=personal_id", "name_folded"]
    show_full_result_count = False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "agency", "channel", "lookup_kind", "purpose", "result_count"]
    list_filter = ["channel", "lookup_kind"]
    list_select_related = ["agency"]
    show_full_result_count = False


@admin.register(AccessFlag)
class AccessFlagAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "log", "person_id", "status"]
    list_filter = ["status"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["source", "status", "line", "rows_written", "rows_present", "rows_bad", "started_at", "finished_at"]
