from django.contrib import admin

from motcua.agencies.models import Agency, Membership


class MembershipInline(admin.TabularInline[Membership, Agency]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name", "kind", "level", "unit", "active"]
    list_filter = ["kind", "level", "active"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["unit", "parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "agency", "role", "title", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["user", "agency"]
    search_fields = ["user__username", "agency__name", "agency__code"]
