"""Registered e-results (kết quả điện tử đã đăng ký): the hash of a signed result, so that anyone holding
a copy can learn that it is the result of a dossier, and that dossier's public status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisteredResult(models.Model):
    """Kết quả giải quyết TTHC bản điện tử đã đăng ký: hash → opaque reference and public status."""

    reference = models.CharField(
        _("reference"), max_length=40, unique=True, help_text=_("Opaque; printed in the QR code.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    dossier_code = models.CharField(_("dossier code"), max_length=40)
    public_status = models.CharField(_("public status"), max_length=200)
    signers = models.JSONField(
        _("signers"), default=list, help_text=_("Signer and time of each signature, at registration.")
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registered e-result")
        verbose_name_plural = _("registered e-results")

    def __str__(self) -> str:
        return f"{self.dossier_code} ({self.reference})"
