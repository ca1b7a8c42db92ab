"""The results register (sổ theo dõi kết quả) and the return of a result (trả kết quả) as its own sub-flow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    CORRECTED = "corrected", _("Replaced by a correction")
    REVOKED = "revoked", _("Revoked")


class ResultEntry(models.Model):
    """One issued result (kết quả giải quyết): number and symbol per issuing agency and year, issue date,
    validity. A correction is a new entry that ``replaces`` the old one; a revocation keeps its reason."""

    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="results")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("issued by"))
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=40)
    name = models.CharField(_("result"), max_length=300)
    issued_on = models.DateField(_("issue date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.VALID)
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was corrected or revoked."))
    signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    reference = models.CharField(max_length=40, blank=True, help_text="registered e-result's reference")
    sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    document = models.ForeignKey("dossiers.Document", models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued result")
        verbose_name_plural = _("results register")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="dossiers_result_number_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Số và ký hiệu: ``12/2026/KQ-UBND``."""
        return f"{self.number}/{self.year}/{self.symbol}"


class ResultSequence(models.Model):
    """The last result number an agency gave in a year (locked row: numbers never repeat)."""

    agency = models.ForeignKey("agencies.Agency", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="dossiers_result_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class ReturnStage(models.TextChoices):
    HANDED = "handed", _("Handed to the desk")
    CONFIRMED = "confirmed", _("Received by the desk")
    COLLECTED = "collected", _("Collected by the citizen")
    POSTED = "posted", _("Sent by post")


class ResultReturn(models.Model):
    """Return of the result (trả kết quả): the agency hands it to the desk, the desk confirms, then the citizen
    collects it (their signature kept as a PNG) or it goes by post (the waybill number kept)."""

    dossier = models.OneToOneField("dossiers.Dossier", models.PROTECT, related_name="result_return")
    stage = models.CharField(_("stage"), max_length=10, choices=ReturnStage.choices)
    handed_at = models.DateTimeField()
    handed_by = models.CharField(max_length=150)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.CharField(max_length=150, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    collector_name = models.CharField(_("collected by"), max_length=150, blank=True)
    signature_png = models.BinaryField(null=True, blank=True)
    postal_service = models.CharField(max_length=40, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    waybill = models.CharField(_("waybill number"), max_length=60, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="posted") | ~Q(waybill=""), name="dossiers_return_posted_has_waybill"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.stage}"
