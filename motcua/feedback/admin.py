from django.contrib import admin

from motcua.feedback.models import Complaint, Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    list_display = ["dossier", "level", "agency", "created_at"]
    list_filter = ["level"]
    readonly_fields = ["dossier", "user", "agency", "level", "comment", "created_at"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin[Complaint]):
    list_display = ["dossier", "agency", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["dossier", "user", "agency", "text", "created_at"]
