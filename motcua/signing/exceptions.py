"""Errors of the signing capability: each has a stable ``code`` and a detail in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError


class SigningError(DomainError):
    """A document could not be signed (ký số không thành công); nothing was marked signed."""

    code = "signing_failed"
    status = 422


class WrongPin(SigningError):
    code = "wrong_pin"

    def __init__(self) -> None:
        super().__init__(_("The PIN or passphrase of the signing key is wrong."))


class KeyUnavailable(SigningError):
    code = "key_unavailable"
    status = 503

    def __init__(self) -> None:
        super().__init__(
            _("The signing token or service cannot be reached. Check that the token is plugged in and try again.")
        )


class CertificateNotValid(SigningError):
    code = "certificate_not_valid"


class CertificateExpired(CertificateNotValid):
    code = "certificate_expired"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The signing certificate has expired (or is not yet valid). Ask the certification authority for a new one."
            )
        )


class NotAPdf(DomainError):
    code = "not_a_pdf"
    status = 422

    def __init__(self) -> None:
        super().__init__(_("The file is not a PDF document."))


class PdfTooLarge(DomainError):
    code = "file_too_large"
    status = 413

    def __init__(self, limit_mb: int) -> None:
        super().__init__(_("The file is larger than the %(limit)d MB allowed.") % {"limit": limit_mb})


class PdfUnreadable(DomainError):
    code = "pdf_unreadable"
    status = 422

    def __init__(self) -> None:
        super().__init__(_("The PDF document is damaged or cannot be read."))
