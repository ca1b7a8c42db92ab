"""Reads of notifications: always the caller's own."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.notifications.models import Notification


def notifications_of(*, user_id: int) -> QuerySet[Notification]:
    """The citizen's notices, newest first, with their dossier codes."""
    return Notification.objects.filter(user_id=user_id).select_related("dossier").order_by("-created_at", "-id")


def unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
