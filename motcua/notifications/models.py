"""Notification — thông báo: one per citizen per public move of their dossier, and its deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import State, Verb
from motcua.notifications.constants import Channel, DeliveryStatus


class Notification(models.Model):
    """A notice of one audit entry to one citizen: in-app for an account holder; without ``user`` (a dossier
    filed at the counter) it only carries the e-mail. The unique constraints make a repeated signal harmless
    (never two notices, so never two e-mails, for one event)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="+")
    entry = models.ForeignKey("dossiers.AuditEntry", models.CASCADE, related_name="+")
    verb = models.CharField(max_length=30, choices=Verb.choices)
    state = models.CharField(max_length=20, choices=State.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "entry"], name="notifications_once_per_event"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(user__isnull=True), name="notifications_once_per_event_no_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.verb} #{self.entry_id}"


class Delivery(models.Model):
    """One notification sent on one channel: claimed before sending, retried with a growing delay."""

    notification = models.ForeignKey(Notification, models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notifications_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel}: {self.status}"
