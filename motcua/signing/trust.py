"""What a signature is checked against (nguồn tin cậy): the trust roots, the revocation data known offline,
and whether revocation data may be fetched over the network."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import crl, pem, x509  # type: ignore[import-untyped]
from django.conf import settings
from pyhanko_certvalidator import ValidationContext


def _der_items(data: bytes) -> list[bytes]:
    if pem.detect(data):
        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]


def load_certificates(paths: Iterable[Path | str]) -> list[x509.Certificate]:
    return [x509.Certificate.load(der) for path in paths for der in _der_items(Path(path).read_bytes())]


def load_crls(paths: Iterable[Path | str]) -> list[crl.CertificateList]:
    return [crl.CertificateList.load(der) for path in paths for der in _der_items(Path(path).read_bytes())]


@dataclass(frozen=True)
class Trust:
    """Trust roots and revocation data for signing (B-LT) and for verification."""

    roots: tuple[x509.Certificate, ...]
    crls: tuple[crl.CertificateList, ...] = ()
    fetch: bool = False
    _issuers_with_crl: frozenset[bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_issuers_with_crl", frozenset(c.issuer.dump() for c in self.crls))

    @classmethod
    def from_settings(cls) -> Trust:
        pki = Path(settings.SIGNING_PKI_DIR)
        root_files: list[Path | str] = list(settings.SIGNING_TRUST_ROOTS) or [
            p for p in [pki / "root.pem"] if p.exists()
        ]
        crl_files: list[Path | str] = list(settings.SIGNING_CRL_FILES) or sorted((pki / "crl").glob("*.crl"))
        return cls(tuple(load_certificates(root_files)), tuple(load_crls(crl_files)), settings.SIGNING_FETCH_REVOCATION)

    def context(self, *, hard_fail: bool = False, extra: Iterable[x509.Certificate] = ()) -> ValidationContext:
        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=list(extra),
            crls=list(self.crls),
            allow_fetching=self.fetch,
            revocation_mode="hard-fail" if hard_fail else "soft-fail",
        )

    def revocation_covers(self, chain: Iterable[x509.Certificate]) -> bool:
        """Whether every certificate of ``chain`` that is not self-signed has revocation data at hand."""
        if self.fetch:
            return True
        return all(c.issuer.dump() in self._issuers_with_crl for c in chain if c.self_signed == "no")
