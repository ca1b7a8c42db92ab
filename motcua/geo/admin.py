from django.contrib import admin

from motcua.geo.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["code", "name", "level", "structure", "parent", "valid_from", "valid_to"]
    list_filter = ["structure", "level", "kind"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["parent"]
