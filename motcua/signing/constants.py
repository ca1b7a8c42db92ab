"""Names shared by the signing capability and its callers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
#: Where the result's QR code leads: ``<SIGNING_PUBLIC_URL>/verify/<reference>/``.
VERIFY_PATH = "/verify/{reference}/"


class PadesLevel(models.TextChoices):
    """PAdES baseline level reached by a signature (mức chữ ký PAdES)."""

    B_B = "B-B", _("PAdES B-B (signature only)")
    B_T = "B-T", _("PAdES B-T (with a trusted timestamp)")
    B_LT = "B-LT", _("PAdES B-LT (with timestamp and revocation data)")
