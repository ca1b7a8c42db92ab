"""The catalogue's tables: a procedure and its versions (the content lives in the version's definition)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import VersionStatus


class Procedure(models.Model):
    """Procedure — thủ tục hành chính (TTHC). Columns mirror its current published version for listing."""

    code = models.CharField(_("procedure code"), max_length=40, unique=True, help_text=_("e.g. 1.001193"))
    name = models.CharField(_("name"), max_length=500)
    field_code = models.CharField(_("field code"), max_length=20, blank=True)
    field_name = models.CharField(_("field"), max_length=200, blank=True)
    levels = models.CharField(max_length=100, blank=True, help_text="space-padded level codes")
    agency_keys = models.CharField(max_length=500, blank=True, help_text="space-padded kind:level keys")
    managing_agency = models.CharField(_("managing department"), max_length=200, blank=True)
    online_level = models.CharField(_("online level"), max_length=10, blank=True)
    is_group = models.BooleanField(_("interconnected group"), default=False)
    search_text = models.TextField(editable=False, default="")
    published = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcedureVersion(models.Model):
    """Procedure version — phiên bản thủ tục: a definition with its effective dates; frozen once published."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    definition = models.JSONField(_("definition"))
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=models.Q(status="draft"), name="catalog_one_draft_per_procedure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} ({self.status})"
