from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from motcua.accounts.models import ApiClient, User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone", "personal_id"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("motcua", {"fields": ("kind", "full_name", "personal_id", "birth_date", "phone", "oidc_subject")}),
    )
    readonly_fields = ["oidc_subject"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin[ApiClient]):
    list_display = ["name", "key_prefix", "active", "created_at", "last_used_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    filter_horizontal = ["agencies"]
