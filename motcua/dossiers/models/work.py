"""Who works on a dossier besides its main handler (co-handlers — phối hợp, observers — theo dõi) and the
reminders (nhắc việc) sent to handlers about work due soon or overdue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HandlerKind(models.TextChoices):
    CO_HANDLER = "co", _("Co-handler")
    OBSERVER = "observer", _("Observer")


class DossierHandler(models.Model):
    """A co-handler or observer of one step of a dossier; ``ended_at`` is set when the dossier leaves the step.
    The main handler is ``Dossier.assignee`` with its personal deadline ``Dossier.handler_due_at``."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="handlers")
    step = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=HandlerKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["user", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "user", "kind"],
                condition=Q(ended_at__isnull=True),
                name="dossiers_handler_current_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.user_id}"


class ReminderKind(models.TextChoices):
    DUE = "due", _("Due within 24 working hours")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """A reminder to one handler about one dossier on one day: the unique constraint makes a second run of
    the timed task on the same day a no-op."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["user", "day"])]
        constraints = [models.UniqueConstraint(fields=["user", "dossier", "day"], name="dossiers_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.dossier_id} {self.day}"
