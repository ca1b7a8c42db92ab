"""Verifying a signed PDF (kiểm tra chữ ký số), for anyone: each signature's validity, signer and issuer,
signing time and timestamp, whether the document changed after it, and whether the document is the
registered result of a dossier."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field

from asn1crypto import x509  # type: ignore[import-untyped]
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

from motcua.signing.constants import PadesLevel
from motcua.signing.exceptions import PdfUnreadable
from motcua.signing.models import RegisteredResult
from motcua.signing.pdf import pdf_reader
from motcua.signing.trust import Trust

logger = logging.getLogger(__name__)
MAX_REVISIONS = 200
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")


@dataclass(frozen=True)
class SignatureReport:
    """One signature (chữ ký số) of a document, as verification sees it."""

    field_name: str
    valid: bool
    intact: bool
    trusted: bool
    signer: str
    issuer: str
    signed_at: dt.datetime | None
    timestamp: dt.datetime | None
    level: PadesLevel
    covers_whole_document: bool
    modified_after_signing: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisteredMatch:
    """The document (or an earlier revision of it) is a registered e-result."""

    reference: str
    dossier_code: str
    public_status: str
    registered_at: dt.datetime
    exact: bool  # the whole file, not only an earlier revision of it


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    signatures: list[SignatureReport] = field(default_factory=list)
    registered: RegisteredMatch | None = None

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(s.valid and not s.modified_after_signing for s in self.signatures)


def _cn(name: x509.Name) -> str:
    native = name.native
    return str(native.get("common_name") or name.human_friendly)


def _level(status: PdfSignatureStatus, has_revocation_data: bool) -> PadesLevel:
    if status.timestamp_validity is None:
        return PadesLevel.B_B
    return PadesLevel.B_LT if has_revocation_data else PadesLevel.B_T


def _problems(status: PdfSignatureStatus, modified: bool) -> tuple[str, ...]:
    problems = []
    if not status.intact:
        problems.append(_("The signed content was changed: the document is not the one that was signed."))
    elif not status.valid:
        problems.append(_("The signature value does not match the signer's certificate."))
    if status.intact and status.valid and not status.trusted:
        problems.append(
            _(
                "The signer's certificate was not issued under a trusted certification authority, or it was revoked or expired."
            )
        )
    ts = status.timestamp_validity
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        problems.append(_("The timestamp of the signature cannot be trusted."))
    if modified:
        problems.append(
            _("Content was added to the document after this signature: what you see is not only what was signed.")
        )
    return tuple(problems)


def _report(sig: EmbeddedPdfSignature, trust: Trust, has_revocation_data: bool) -> SignatureReport:
    signer = issuer = "?"
    try:
        signer, issuer = _cn(sig.signer_cert.subject), _cn(sig.signer_cert.issuer)
        vc = trust.context(extra=sig.other_embedded_certs)
        status = validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=vc)
    except Exception as exc:  # a hostile or broken signature must not break the page: report it invalid
        logger.info("signature could not be validated: %s", type(exc).__name__)
        return SignatureReport(
            field_name=str(sig.field_name),
            valid=False,
            intact=False,
            trusted=False,
            signer=signer,
            issuer=issuer,
            signed_at=None,
            timestamp=None,
            level=PadesLevel.B_B,
            covers_whole_document=False,
            modified_after_signing=True,
            problems=(_("The signature is damaged and cannot be checked."),),
        )
    level = status.modification_level
    modified = level is None or level > ModificationLevel.FORM_FILLING
    ts = status.timestamp_validity
    return SignatureReport(
        field_name=str(sig.field_name),
        valid=bool(status.bottom_line),
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        signer=signer,
        issuer=issuer,
        signed_at=status.signer_reported_dt,
        timestamp=ts.timestamp if ts is not None and ts.intact and ts.valid else None,
        level=_level(status, has_revocation_data),
        covers_whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modified_after_signing=modified,
        problems=_problems(status, modified),
    )


def _revision_hashes(data: bytes) -> dict[str, bool]:
    """SHA-256 of the whole file (True) and of each earlier revision, i.e. each prefix ending at %%EOF.

    One pass over the file (a running hash, copied at each %%EOF), and at most :data:`MAX_REVISIONS`
    prefixes, so that a hostile file full of %%EOF markers costs no more than an honest one."""
    hashes: dict[str, bool] = {}
    running = hashlib.sha256()
    position = 0
    for count, match in enumerate(_EOF.finditer(data)):
        if count >= MAX_REVISIONS or match.end() >= len(data):
            break
        running.update(data[position : match.end()])
        position = match.end()
        hashes.setdefault(running.copy().hexdigest(), False)
    running.update(data[position:])
    hashes[running.hexdigest()] = True
    return hashes


def registered_match(data: bytes) -> RegisteredMatch | None:
    hashes = _revision_hashes(data)
    found = RegisteredResult.objects.filter(sha256__in=list(hashes)).order_by("-registered_at").first()
    if found is None:
        return None
    return RegisteredMatch(
        found.reference, found.dossier_code, found.public_status, found.registered_at, hashes[found.sha256]
    )


def pdf_verify(data: bytes, *, trust: Trust | None = None) -> VerificationReport:
    """Check every signature of ``data`` (a PDF of unknown origin). Raises ``NotAPdf``, ``PdfTooLarge`` or
    ``PdfUnreadable`` for what cannot be read; a bad signature is reported, never raised."""
    reader = pdf_reader(data)
    trust = trust or Trust.from_settings()
    try:
        signatures = list(reader.embedded_regular_signatures)
        dss = reader.root.get("/DSS")
        dss = dss.get_object() if isinstance(dss, generic.IndirectObject) else dss  # type: ignore[no-untyped-call]
        has_revocation_data = bool(dss is not None and ("/CRLs" in dss or "/OCSPs" in dss))
    except Exception:  # a malformed AcroForm in an untrusted file
        raise PdfUnreadable() from None
    reports = [_report(sig, trust, has_revocation_data) for sig in signatures]
    return VerificationReport(hashlib.sha256(data).hexdigest(), reports, registered_match(data))


def result_by_reference(reference: str) -> RegisteredResult | None:
    """The registered result behind a QR code: by its opaque reference, or by the SHA-256 of its file
    (public: knowing either is holding the document)."""
    if not reference or len(reference) > 64:
        return None
    if _SHA256.fullmatch(reference):
        return RegisteredResult.objects.filter(sha256=reference.lower()).first()
    return RegisteredResult.objects.filter(reference=reference).first()
