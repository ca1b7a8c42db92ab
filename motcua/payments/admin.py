"""Read-only admin views of payments and their log (changes go through the services)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.payments.models import Payment, PaymentEvent


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("id", "dossier", "timing", "status", "amount_vnd", "method", "paid_at", "reconciliation")
    list_filter = ("status", "timing", "method")
    search_fields = ("dossier__code", "provider_reference")


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnly):
    list_display = ("created_at", "kind", "provider", "payment", "verified", "accepted", "refusal")
    list_filter = ("kind", "accepted", "refusal", "provider")
