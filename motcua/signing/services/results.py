"""Registering a signed e-result (đăng ký kết quả điện tử): its SHA-256 under an opaque reference, with the
dossier's code and public status, so that verification can say "this is the result of dossier …".

The dossier engine calls, in this order: :func:`result_reference_new` (the reference goes into the QR code
of the stamp), ``pdf_sign`` (once per signature), then :func:`result_register` with the final bytes.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.signing import policies
from motcua.signing.constants import VERIFY_PATH
from motcua.signing.models import RegisteredResult
from motcua.signing.selectors import pdf_verify


def result_reference_new() -> str:
    """A fresh opaque reference (22 URL-safe characters, 128 bits): unguessable, so the QR page of one
    result does not lead to the others."""
    return secrets.token_urlsafe(16)


def verification_url(reference: str) -> str:
    return settings.SIGNING_PUBLIC_URL.rstrip("/") + VERIFY_PATH.format(reference=reference)


def result_register(
    *, actor: User, pdf: bytes, dossier_code: str, public_status: str, reference: str | None = None
) -> RegisteredResult:
    """Register the signed result ``pdf`` of dossier ``dossier_code``. Its signatures must be valid."""
    if not policies.can_register_result(actor):
        raise PermissionDenied(_("Only officials can register results."))
    report = pdf_verify(pdf)
    if not report.signatures or not all(s.valid and not s.modified_after_signing for s in report.signatures):
        raise DomainError(
            _("Only a document whose signatures are all valid can be registered."), code="result_not_signed"
        )
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        if RegisteredResult.objects.filter(sha256=digest).exists():
            raise DomainError(_("This document is already registered."), code="result_already_registered", status=409)
        return RegisteredResult.objects.create(
            reference=reference or result_reference_new(),
            sha256=digest,
            dossier_code=dossier_code,
            public_status=public_status,
            signers=[
                {"signer": s.signer, "signed_at": s.signed_at.isoformat() if s.signed_at else None}
                for s in report.signatures
            ],
            registered_by=actor,
        )


def result_status_update(*, actor: User, reference: str, public_status: str) -> None:
    """Change the public status shown for a registered result (e.g. when the dossier is returned)."""
    if not policies.can_register_result(actor):
        raise PermissionDenied(_("Only officials can register results."))
    with transaction.atomic():
        changed = RegisteredResult.objects.filter(reference=reference).update(
            public_status=public_status, updated_at=timezone.now()
        )
        if not changed:
            raise NotFound(_("No registered result has this reference."))
