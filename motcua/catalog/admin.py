"""Django admin for operators: browse procedures and versions (editing goes through the back office)."""

from __future__ import annotations

from django.contrib import admin

from motcua.catalog.models import Procedure, ProcedureVersion


class VersionInline(admin.TabularInline[ProcedureVersion, Procedure]):
    model = ProcedureVersion
    fields = ["number", "status", "effective_from", "effective_to", "published_at"]
    readonly_fields = ["number", "status", "effective_from", "effective_to", "published_at"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin[Procedure]):
    list_display = ["code", "name", "field_name", "online_level", "published"]
    list_filter = ["published", "online_level", "field_name"]
    search_fields = ["code", "name"]
    readonly_fields = [
        "code",
        "name",
        "field_code",
        "field_name",
        "levels",
        "agency_keys",
        "managing_agency",
        "online_level",
        "is_group",
        "published",
    ]
    inlines = [VersionInline]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin[ProcedureVersion]):
    list_display = ["procedure", "number", "status", "effective_from", "effective_to"]
    list_filter = ["status"]
    search_fields = ["procedure__code", "procedure__name"]
    readonly_fields = ["procedure", "number", "status", "effective_from", "effective_to", "definition", "published_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
