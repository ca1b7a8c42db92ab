"""Document — giấy tờ in a citizen's store (kho dữ liệu điện tử của cá nhân, tổ chức).

Uploads and issued e-results live here once, by content hash, and dossiers point at them; that is what
lets a citizen reuse a document or an earlier result in a new dossier (the once-only principle).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded by the citizen")
    RESULT = "result", _("Issued result")
    SCAN = "scan", _("Digitised at the desk")


class DocumentQuerySet(models.QuerySet["Document"]):
    def in_wallet_of(self, user_id: int) -> DocumentQuerySet:
        """What the citizen's wallet shows: their own documents that they have not deleted."""
        return self.filter(owner_id=user_id, deleted_at__isnull=True)


class Document(models.Model):
    """A stored file owned by one citizen account. Issued results cannot be deleted by the citizen; an
    upload they delete disappears from the wallet but stays attached to the dossiers that used it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("owner"))
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    name = models.CharField(_("name"), max_length=300)
    doc_type = models.CharField(
        _("document type"), max_length=100, blank=True, help_text=_("Component or result code, when known.")
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=300)
    source_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", models.PROTECT, null=True, blank=True, related_name="documents"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "deleted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="result") | Q(deleted_at__isnull=True), name="dossiers_result_never_deleted"
            ),
        ]

    def __str__(self) -> str:
        return self.name
