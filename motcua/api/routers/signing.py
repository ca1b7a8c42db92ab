"""Verification of signed PDFs, for anyone (kiểm tra chữ ký số): no login, the file is not kept."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from motcua.api.schemas import Problem
from motcua.signing.exceptions import PdfTooLarge
from motcua.signing.pdf import max_bytes, max_mb
from motcua.signing.selectors import RegisteredMatch, SignatureReport, pdf_verify

router = Router(tags=["signing"])


class RegisteredDossierOut(Schema):
    reference: str
    dossier_code: str
    public_status: str
    registered_at: dt.datetime
    exact: bool


class SignatureOut(Schema):
    field_name: str
    valid: bool
    intact: bool
    trusted: bool
    signer: str
    issuer: str
    signed_at: dt.datetime | None
    timestamp: dt.datetime | None
    level: str
    covers_whole_document: bool
    modified_after_signing: bool
    problems: list[str]
    registered_dossier: RegisteredDossierOut | None


class VerifyOut(Schema):
    sha256: str
    all_valid: bool
    signatures: list[SignatureOut]
    registered_dossier: RegisteredDossierOut | None


def _registered(match: RegisteredMatch | None) -> RegisteredDossierOut | None:
    if match is None:
        return None
    return RegisteredDossierOut(
        reference=match.reference,
        dossier_code=match.dossier_code,
        public_status=match.public_status,
        registered_at=match.registered_at,
        exact=match.exact,
    )


def _signature(report: SignatureReport, registered: RegisteredDossierOut | None) -> SignatureOut:
    return SignatureOut(
        field_name=report.field_name,
        valid=report.valid,
        intact=report.intact,
        trusted=report.trusted,
        signer=report.signer,
        issuer=report.issuer,
        signed_at=report.signed_at,
        timestamp=report.timestamp,
        level=report.level.value,
        covers_whole_document=report.covers_whole_document,
        modified_after_signing=report.modified_after_signing,
        problems=list(report.problems),
        registered_dossier=registered,
    )


@router.post(
    "/verify",
    response={200: VerifyOut, 413: Problem, 422: Problem},
    summary="Verify the digital signatures of a PDF",
    description=(
        "Upload a PDF (multipart field `file`). The answer has one entry per signature: whether it is valid "
        "(intact, made by a certificate under the trust roots, timestamp trusted), signer and issuer, signing "
        "time claimed by the signer, trusted timestamp, PAdES level, whether content was added after it "
        "(`modified_after_signing`), and whether the document is the registered result of a dossier "
        "(`registered_dossier`, with that dossier's public status; `exact` is false when only an earlier "
        "revision of the file is registered). The file is recognised by its content (`%PDF-`), not its name, "
        "and is not kept."
    ),
)
def verify(request: HttpRequest, file: File[UploadedFile]) -> VerifyOut:
    if file.size is not None and file.size > max_bytes():
        raise PdfTooLarge(max_mb())
    data = file.read(max_bytes() + 1)
    report = pdf_verify(data)
    registered = _registered(report.registered)
    return VerifyOut(
        sha256=report.sha256,
        all_valid=report.all_valid,
        signatures=[_signature(s, registered) for s in report.signatures],
        registered_dossier=registered,
    )
