from django.contrib import admin

from motcua.notifications.models import Delivery, Notification


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["notification", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["channel", "status"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["user", "dossier", "verb", "created_at", "read_at"]
    readonly_fields = [f.name for f in Notification._meta.fields]
