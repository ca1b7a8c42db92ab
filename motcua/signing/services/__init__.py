"""The signing capability's writes: sign a PDF, register a signed result."""

from motcua.signing.services.results import result_reference_new, result_register, result_status_update
from motcua.signing.services.signing import SignedPdf, SigningSession, pdf_sign, signing_session

__all__ = [
    "SignedPdf",
    "SigningSession",
    "pdf_sign",
    "result_reference_new",
    "result_register",
    "result_status_update",
    "signing_session",
]
