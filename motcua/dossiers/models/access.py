"""Who opened a dossier (nhật ký xem hồ sơ): a dossier holds personal data, so every official's or integrator's
read of one is recorded, as the population register records its look-ups."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    PAGE = "page", _("dossier page")
    SLIP = "slip", _("slip")
    RESULT = "result", _("result document")
    API = "api", _("API read")
    #: a page of a dossier list (the API's list and search): every dossier on it was shown
    LIST = "list", _("dossier list")
    #: the dossier register (sổ theo dõi hồ sơ) exported as PDF or xlsx: every dossier in it was shown
    REGISTER = "register", _("dossier register")
    #: the read-only summary a leader opens from a statistics figure
    SUMMARY = "summary", _("statistics summary")


class DossierAccess(models.Model):
    """One read of a dossier's personal data by an official or an API client. Append-only: written once by
    :func:`motcua.dossiers.services.access.dossier_read_log` (``dossier_reads_log``: one row per dossier of a
    list or register), never changed or deleted (the model refuses, and the database refuses an UPDATE by
    trigger, see migration 0006)."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("what was opened"), max_length=10, choices=AccessKind.choices)
    detail = models.CharField(_("detail"), max_length=60, blank=True, default="")
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    api_client = models.ForeignKey(
        "accounts.ApiClient", models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    actor_label = models.CharField(_("who"), max_length=150)
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("dossier access")
        verbose_name_plural = _("dossier accesses")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["dossier", "at"], name="dossiers_access_dossier"),
            models.Index(fields=["actor_user", "at"], name="dossiers_access_user"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("the dossier access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("the dossier access log is append-only")
