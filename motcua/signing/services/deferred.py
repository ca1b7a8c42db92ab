"""Signing in two steps, for a signing agent on the official's own computer (ký số qua phần mềm ký trên
máy người ký), such as the Government Cipher Committee's agent that a browser page reaches on 127.0.0.1.

The server cannot reach the official's computer; the official's browser can. So:

1. :func:`pdf_signature_prepare` (the page sends the certificate the agent read from the token): the
   server lays out the signature (field, stamp, reserved room) and returns ``data_to_sign``, the DER of
   the CMS signed attributes, which commit to the document's digest;
2. the page hands ``data_to_sign`` to the agent, which signs it with the token (its own PIN dialog);
3. :func:`pdf_signature_complete` (the page posts the raw signature back): the server checks the
   signature against the certificate, adds a timestamp if configured, and embeds it.

The document never leaves the server and the key never leaves the token. Between the steps the prepared
document waits in the cache for :data:`PENDING_SECONDS`, for that official only, and can be completed once.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from asn1crypto import cms, x509  # type: ignore[import-untyped]
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.accounts.models import User
from motcua.core.errors import DomainError, PermissionDenied
from motcua.signing import policies
from motcua.signing.constants import PadesLevel
from motcua.signing.exceptions import CertificateNotValid, PdfUnreadable, SigningError
from motcua.signing.pdf import pdf_check
from motcua.signing.services.signing import (
    SignedPdf,
    _check_certificate,
    _next_field_name,
    _subject,
    _timestamper,
    _translated_errors,
)
from motcua.signing.stamp import Stamp, stamp_style

PENDING_SECONDS = 600
_DIGEST = "sha256"


@dataclass(frozen=True)
class PreparedSignature:
    """A signature waiting for the agent (chữ ký chờ ký): what it must sign, and the ticket to finish."""

    token: str
    data_to_sign: bytes
    digest_algorithm: str = _DIGEST


def _key(token: str) -> str:
    return "signing:pending:" + hashlib.sha256(token.encode()).hexdigest()


def _certificates(certificate: bytes, chain: Sequence[bytes]) -> tuple[x509.Certificate, list[x509.Certificate]]:
    try:
        cert = x509.Certificate.load(certificate)
        others = [x509.Certificate.load(der) for der in chain]
        cert.native  # noqa: B018 - parse now
        for other in others:
            other.native  # noqa: B018
    except ValueError:
        raise CertificateNotValid(_("The signing certificate cannot be read.")) from None
    return cert, others


def _external(cert: x509.Certificate, chain: list[x509.Certificate], value: bytes) -> ExternalSigner:
    store = SimpleCertificateStore.from_certs(chain)  # type: ignore[no-untyped-call]
    return ExternalSigner(signing_cert=cert, cert_registry=store, signature_value=value)


def pdf_signature_prepare(
    *,
    actor: User,
    pdf: bytes,
    certificate: bytes,
    chain: Sequence[bytes] = (),
    stamp: Stamp | None = None,
    reason: str = "",
    with_timestamp: bool = False,
) -> PreparedSignature:
    """Step 1: lay the signature out in ``pdf`` for the holder of ``certificate`` (DER)."""
    if not policies.can_sign(actor):
        raise PermissionDenied(_("Only officials can sign documents."))
    pdf_check(pdf)
    cert, others = _certificates(certificate, chain)
    now = timezone.now()
    _check_certificate(cert, now)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        field_name = _next_field_name(writer)
    except (PdfError, ValueError, KeyError, TypeError, IndexError):
        raise PdfUnreadable() from None
    size = (cert.public_key.bit_size + 7) // 8
    external = _external(cert, others, bytes(size))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm=_DIGEST, subfilter=fields.SigSeedSubFilter.PADES, reason=reason or None
    )
    spec = fields.SigFieldSpec(field_name, on_page=stamp.page, box=stamp.box) if stamp else None
    pdf_signer = signers.PdfSigner(
        meta, external, stamp_style=stamp_style(stamp) if stamp else None, new_field_spec=spec
    )
    reserve = 8192 + sum(len(c.dump()) for c in [cert, *others]) + 12288
    params = {"lines": stamp.lines(now)} if stamp else None
    with _translated_errors():
        prepared, _tbs, output = asyncio.run(
            pdf_signer.async_digest_doc_for_signing(
                writer, bytes_reserved=reserve + reserve % 2, appearance_text_params=params
            )
        )
        attrs = asyncio.run(external.signed_attrs(prepared.document_digest, _DIGEST, use_pades=True))
    token = secrets.token_urlsafe(24)
    state: dict[str, Any] = {
        "actor": actor.pk,
        "pdf": output.getvalue(),  # type: ignore[attr-defined]  # a BytesIO: no output was given
        "digest": prepared.document_digest,
        "start": prepared.reserved_region_start,
        "end": prepared.reserved_region_end,
        "attrs": attrs.dump(),
        "cert": certificate,
        "chain": list(chain),
        "timestamp": with_timestamp,
        "field": field_name,
        "at": now,
    }
    cache.set(_key(token), state, PENDING_SECONDS)
    return PreparedSignature(token, attrs.dump())


def _check_signature(cert: x509.Certificate, data: bytes, signature: bytes) -> None:
    public_key = serialization.load_der_public_key(cert.public_key.dump())
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, PKCS1v15(), hashes.SHA256())
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            raise InvalidSignature
    except InvalidSignature:
        raise SigningError(
            _("The signature returned by the signing agent does not match the certificate."),
            code="agent_signature_invalid",
        ) from None


def pdf_signature_complete(
    *, actor: User, token: str, signature: bytes, timestamper: TimeStamper | None = None
) -> SignedPdf:
    """Step 3: embed the agent's ``signature`` of ``data_to_sign`` and return the signed document."""
    key = _key(token)
    state = cache.get(key)
    if state is None or state["actor"] != actor.pk:
        raise DomainError(
            _("This signing request has expired or is not yours. Start the signature again."),
            code="signing_request_expired",
            status=409,
        )
    cache.delete(key)  # one use, even when what follows fails
    cert, others = _certificates(state["cert"], state["chain"])
    _check_signature(cert, state["attrs"], signature)
    stamper = _timestamper(timestamper) if state["timestamp"] else None
    external = _external(cert, others, signature)
    with _translated_errors():
        content = asyncio.run(
            external.async_sign_prescribed_attributes(
                _DIGEST, signed_attrs=cms.CMSAttributes.load(state["attrs"]), timestamper=stamper
            )
        )
        output = BytesIO(state["pdf"])
        prepared = PreparedByteRangeDigest(state["digest"], state["start"], state["end"])
        PdfTBSDocument.finish_signing(output, prepared, content)
    data = output.getvalue()
    level = PadesLevel.B_T if stamper else PadesLevel.B_B
    return SignedPdf(data, hashlib.sha256(data).hexdigest(), level, state["field"], _subject(cert), state["at"])
