"""Feedback on a dossier's handling: the citizen's satisfaction rating (đánh giá) and complaints (phản ánh)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import ComplaintStatus, Satisfaction


class Rating(models.Model):
    """Rating — đánh giá mức độ hài lòng: one per dossier, by its submitter, after the result."""

    dossier = models.OneToOneField("dossiers.Dossier", models.PROTECT, related_name="rating")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    level = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="feedback_rating_level")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class Complaint(models.Model):
    """Complaint — phản ánh, kiến nghị about a dossier's handling; it reaches the agency handling the dossier."""

    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="complaints")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    text = models.TextField(_("complaint"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.status}"
