"""The append-only access log of the register, and citizens' flags on it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.registry.constants import Channel, FlagStatus, LookupKind


class AccessLog(models.Model):
    """Access log entry (nhật ký truy cập dữ liệu dân cư): one lookup — who, agency, when, purpose, records.

    Append-only: rows are written once by the lookup services and never updated (the model refuses a
    second save and deletion; PostgreSQL and SQLite refuse an UPDATE by trigger, see migration 0002).
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    lookup_kind = models.CharField(_("lookup"), max_length=10, choices=LookupKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    api_client = models.ForeignKey(
        "accounts.ApiClient", models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    actor_label = models.CharField(_("who"), max_length=150)
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=300)
    service_code = models.CharField(_("public-service code"), max_length=40, blank=True, default="")
    dossier_ref = models.CharField(_("dossier"), max_length=60, blank=True, default="")
    query = models.CharField(_("query"), max_length=300, blank=True, default="")
    field_set = models.CharField(_("fields shown"), max_length=10)
    result_count = models.PositiveIntegerField(_("records found"), default=0)
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.purpose}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("the access log is append-only")


class AccessLogSubject(models.Model):
    """A record returned by a lookup (bản ghi được tra cứu): links an access to the person it showed."""

    log = models.ForeignKey(AccessLog, models.CASCADE, related_name="subjects", db_index=False)
    person = models.ForeignKey("Person", models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("looked-up record")
        verbose_name_plural = _("looked-up records")
        indexes = [models.Index(fields=["person", "log"], name="registry_subject_person")]

    def __str__(self) -> str:
        return f"{self.log_id} → {self.person_id}"


class AccessFlag(models.Model):
    """Flag on an access (phản ánh truy cập): the citizen finds an access to their record unjustified."""

    log = models.ForeignKey(AccessLog, models.PROTECT, related_name="flags")
    person = models.ForeignKey("Person", models.DO_NOTHING, db_constraint=False, related_name="+")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)

    class Meta:
        verbose_name = _("flagged access")
        verbose_name_plural = _("flagged accesses")
        constraints = [models.UniqueConstraint(fields=["log", "person"], name="registry_flag_once")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"flag {self.log_id} by {self.person_id}"
