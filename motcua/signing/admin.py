from django.contrib import admin

from motcua.signing.models import RegisteredResult


@admin.register(RegisteredResult)
class RegisteredResultAdmin(admin.ModelAdmin[RegisteredResult]):
    list_display = ("dossier_code", "public_status", "registered_at", "reference")
    search_fields = ("dossier_code", "reference", "sha256")
    readonly_fields = ("reference", "sha256", "dossier_code", "signers", "registered_at", "updated_at", "registered_by")
    date_hierarchy = "registered_at"

    def has_add_permission(self, request: object) -> bool:  # results are registered by the signing service only
        return False
