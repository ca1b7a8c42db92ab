"""Signing a PDF (ký số tài liệu PDF): PAdES B-B always, B-T with a timestamp authority, B-LT when the
revocation data of the whole chain is at hand. Each signature is a new incremental revision, so an
approver's signature stays valid when the agency's seal is added at issuance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

import pkcs11
import pkcs11.exceptions as p11
from asn1crypto import x509  # type: ignore[import-untyped]
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.signers import Signer
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

from motcua.accounts.models import User
from motcua.core.errors import PermissionDenied
from motcua.signing import policies
from motcua.signing.constants import PadesLevel
from motcua.signing.exceptions import (
    CertificateExpired,
    CertificateNotValid,
    KeyUnavailable,
    PdfUnreadable,
    SigningError,
    WrongPin,
)
from motcua.signing.pdf import pdf_check
from motcua.signing.providers.base import KeyProvider
from motcua.signing.providers.pkcs11 import DEVICE_ERRORS
from motcua.signing.stamp import Stamp, stamp_style
from motcua.signing.trust import Trust

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedPdf:
    """A signed document (tài liệu đã ký số) as the signing service returns it."""

    data: bytes
    sha256: str
    level: PadesLevel
    field_name: str
    signer: str
    signed_at: dt.datetime


def _subject(cert: x509.Certificate) -> str:
    return str(cert.subject.native.get("common_name", cert.subject.human_friendly))


def _check_certificate(cert: x509.Certificate | None, now: dt.datetime) -> x509.Certificate:
    if cert is None:
        raise CertificateNotValid(_("The signing key has no certificate."))
    validity = cert["tbs_certificate"]["validity"]
    if not validity["not_before"].native <= now <= validity["not_after"].native:
        raise CertificateExpired()
    return cert


def _next_field_name(writer: IncrementalPdfFileWriter) -> str:
    names = {name for name, _, _ in fields.enumerate_sig_fields(writer.prev)}
    n = len(names) + 1
    while f"Signature{n}" in names:
        n += 1
    return f"Signature{n}"


def _timestamper(explicit: TimeStamper | None) -> TimeStamper | None:
    if explicit is not None:
        return explicit
    if settings.SIGNING_TSA_URL:
        return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=10)
    return None


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn what providers and pyHanko raise into our errors, with no secret in them."""
    try:
        yield
    except (p11.PinIncorrect, p11.PinInvalid):
        raise WrongPin() from None
    except DEVICE_ERRORS:
        raise KeyUnavailable() from None
    except (PathBuildingError, PathValidationError, ValidationError):
        raise CertificateNotValid(
            _("The signing certificate could not be validated against the trust roots and revocation data.")
        ) from None
    except pkcs11.PKCS11Error:
        raise KeyUnavailable() from None
    except (PyhankoSigningError, PdfError) as exc:
        logger.warning("signing failed: %s", type(exc).__name__)
        raise SigningError(
            _("The document could not be signed. Try again; if it fails again, tell the administrator.")
        ) from None


class SigningSession:
    """One unlocked key for one or more documents (a leader signs a batch with one PIN entry)."""

    def __init__(self, actor: User, signer: Signer, trust: Trust, stamper: TimeStamper | None) -> None:
        self.actor = actor
        self._signer = signer
        self._trust = trust
        self._stamper = stamper
        self.cert = _check_certificate(signer.signing_cert, timezone.now())
        self._chain = [self.cert, *signer.cert_registry]
        self.long_term = stamper is not None and trust.revocation_covers(self._chain)
        self.level = PadesLevel.B_LT if self.long_term else PadesLevel.B_T if stamper else PadesLevel.B_B
        self._vc = trust.context(hard_fail=True, extra=self._chain) if self.long_term else None
        # Room for the CMS container, so that pyHanko need not build it twice to measure it: the chain,
        # the signature and its attributes, and a timestamp token (with the TSA's certificates).
        reserve = 8192 + sum(len(c.dump()) for c in self._chain) + (12288 if stamper else 0)
        self._reserve = reserve + reserve % 2  # pyHanko wants an even number

    def sign(self, pdf: bytes, *, stamp: Stamp | None = None, reason: str = "", location: str = "") -> SignedPdf:
        """Add a signature to ``pdf`` as a new revision; earlier signatures stay valid."""
        pdf_check(pdf)
        try:
            writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
            field_name = _next_field_name(writer)
        except (PdfError, ValueError, KeyError, TypeError, IndexError):
            raise PdfUnreadable() from None
        now = timezone.now()
        _check_certificate(self.cert, now)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
            location=location or None,
            embed_validation_info=self.long_term,
            validation_context=self._vc,
            use_pades_lta=False,
        )
        spec = fields.SigFieldSpec(field_name, on_page=stamp.page, box=stamp.box) if stamp else None
        pdf_signer = signers.PdfSigner(
            meta,
            self._signer,
            timestamper=self._stamper,
            stamp_style=stamp_style(stamp) if stamp else None,
            new_field_spec=spec,
        )
        params = {"lines": stamp.lines(now)} if stamp else None
        with _translated_errors():
            output = pdf_signer.sign_pdf(
                writer, bytes_reserved=self._reserve, appearance_text_params=params, output=BytesIO()
            )
        data = output.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        signer_name = _subject(self.cert)
        logger.info(
            "document signed",
            extra={
                "signer": signer_name,
                "actor": self.actor.pk,
                "sha256": digest,
                "level": self.level.value,
                "field": field_name,
            },
        )
        return SignedPdf(data, digest, self.level, field_name, signer_name, now)


@contextmanager
def signing_session(
    *,
    actor: User,
    key: KeyProvider,
    pin: str | None,
    timestamper: TimeStamper | None = None,
    trust: Trust | None = None,
) -> Iterator[SigningSession]:
    """Unlock ``key`` with ``pin`` for ``actor`` for the ``with`` block; the key is locked again after it."""
    if not policies.can_sign(actor):
        raise PermissionDenied(_("Only officials can sign documents."))
    trust = trust or Trust.from_settings()
    with _translated_errors(), key.open(pin) as signer:
        yield SigningSession(actor, signer, trust, _timestamper(timestamper))


def pdf_sign(
    *,
    actor: User,
    pdf: bytes,
    key: KeyProvider,
    pin: str | None,
    stamp: Stamp | None = None,
    reason: str = "",
    location: str = "",
    timestamper: TimeStamper | None = None,
    trust: Trust | None = None,
) -> SignedPdf:
    """Sign ``pdf`` for ``actor`` with the key of ``key``, unlocked by ``pin``; return the new document.

    Nothing is stored: the caller (the dossier engine, outgoing documents) keeps the result and may
    register it (:func:`motcua.signing.services.results.result_register`). On any failure a
    ``SigningError`` subclass (or ``PdfUnreadable``) is raised and no signed document exists.
    """
    with signing_session(actor=actor, key=key, pin=pin, timestamper=timestamper, trust=trust) as session:
        return session.sign(pdf, stamp=stamp, reason=reason, location=location)
