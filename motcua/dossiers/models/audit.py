"""Audit entry — nhật ký xử lý: append-only, hash-chained per dossier (``manage.py audit_verify``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are append-only")


class AuditEntry(models.Model):
    """One move of a dossier: who, when, from/to (state, step, agency), why, step budget and time spent.

    ``hash`` = SHA-256 of the canonical entry including ``prev_hash``; rows are never updated or deleted.
    """

    # indexed by the (dossier, seq) constraint, whose first column it is: its own index only cost every move
    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="audit", db_index=False)
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    verb = models.CharField(_("action"), max_length=30)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    actor_client = models.ForeignKey("accounts.ApiClient", models.PROTECT, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    from_step = models.CharField(max_length=40, blank=True)
    to_step = models.CharField(max_length=40, blank=True)
    from_agency_id = models.IntegerField(null=True, blank=True)
    to_agency_id = models.IntegerField(null=True, blank=True)
    national_status = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_audit_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.verb}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are append-only")
