"""The portal's own tables: application drafts (hồ sơ nháp), which are not yet dossiers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """Draft — hồ sơ nháp: an online application being filled in, saved at every step so that the citizen
    can resume it in another browser. Submitting turns it into exactly one dossier (``dossier`` is set
    once, by a conditional update, so a double click or a retried request cannot make a second one)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("owner"))
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", models.PROTECT, related_name="+")
    procedure_code = models.CharField(_("procedure code"), max_length=40)
    procedure_name = models.CharField(_("procedure"), max_length=500)
    agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("submit to")
    )
    case_code = models.CharField(_("case"), max_length=40, blank=True)
    case_chosen = models.BooleanField(default=False)
    form_data = models.JSONField(default=dict, blank=True)
    #: The prefill sources were asked once (the register lookup is logged each time it runs).
    prefilled = models.BooleanField(default=False)
    #: Form fields filled from the register or the account: shown, not editable (the citizen's own record).
    locked_fields = models.JSONField(default=list, blank=True)
    form_done = models.BooleanField(default=False)
    #: Index of the component in the chosen case → id of a Document in the owner's wallet.
    files = models.JSONField(default=dict, blank=True)
    #: Raised on every change: the review page posts it back, so what is submitted is what was reviewed.
    revision = models.PositiveIntegerField(default=1)
    dossier = models.OneToOneField(
        "dossiers.Dossier", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("dossier")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.procedure_code} ({self.key})"
