"""The demo's PKI under ``var/pki/`` (hạ tầng khóa công khai mẫu), created once and kept:

``root.pem`` (the demo root CA: trust it in a PDF reader to see the demo signatures as trusted),
``agencies/<code>/ca.pem`` (one intermediate CA per agency), ``agencies/<code>/seal.p12`` (the agency's
seal, dấu cơ quan), ``people/<username>.p12`` (leaders' keys), ``tsa.p12`` (a local timestamp authority for
tests) and ``crl/*.crl`` (revocation lists, refreshed at each run). Every PKCS#12 file is protected by
:data:`DEMO_PASSPHRASE`. A production deployment never uses any of this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing import pki
from motcua.signing.providers.pkcs12 import Pkcs12KeyProvider

DEMO_PASSPHRASE = "motcua-demo-2026"  # noqa: S105 - the demo's published password, never a real key's
DEMO_LEADERS = ("lanhdao.xa", "lanhdao.stp")


@dataclass(frozen=True)
class DemoSigner:
    """Someone (a leader) or something (an agency's seal) that the demo gives a key."""

    key_id: str  # user name, or "seal"
    common_name: str
    agency_code: str
    agency_name: str
    title: str = ""


@dataclass(frozen=True)
class DemoPki:
    directory: Path

    @property
    def root_pem(self) -> Path:
        return self.directory / "root.pem"

    def agency_dir(self, agency_code: str) -> Path:
        return self.directory / "agencies" / agency_code

    def p12_path(self, signer: DemoSigner) -> Path:
        if signer.key_id == "seal":
            return self.agency_dir(signer.agency_code) / "seal.p12"
        return self.directory / "people" / f"{signer.key_id}.p12"

    def provider(self, signer: DemoSigner) -> Pkcs12KeyProvider:
        return Pkcs12KeyProvider(path=str(self.p12_path(signer)))

    def person_provider(self, username: str) -> Pkcs12KeyProvider:
        return Pkcs12KeyProvider(path=str(self.directory / "people" / f"{username}.p12"))

    def seal_provider(self, agency_code: str) -> Pkcs12KeyProvider:
        return Pkcs12KeyProvider(path=str(self.agency_dir(agency_code) / "seal.p12"))

    def timestamper(self) -> DummyTimeStamper:
        """The local timestamp authority, in process (no network): for tests and the demo."""
        tsa = pki.load_issued(self.directory / "tsa.pem", self.directory / "tsa.key.pem")
        der = serialization.Encoding.DER
        key = asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        cert = asn1_x509.Certificate.load(tsa.cert.public_bytes(der))
        root = asn1_x509.Certificate.load(x509.load_pem_x509_certificate(self.root_pem.read_bytes()).public_bytes(der))
        return DummyTimeStamper(
            cert,
            key,
            certs_to_embed=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [cert, root]
            ),
        )


def _issued(directory: Path, stem: str, create: Callable[[], pki.Issued]) -> pki.Issued:
    cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}.key.pem"
    if cert_path.exists() and key_path.exists():
        return pki.load_issued(cert_path, key_path)
    issued = create()
    pki.write_private(key_path, pki.key_pem(issued.key))
    cert_path.write_bytes(issued.cert_pem())
    return issued


def _write_crl(path: Path, crl: x509.CertificateRevocationList) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(crl.public_bytes(serialization.Encoding.DER))


def demo_pki_build(directory: Path, signers: list[DemoSigner], *, root_name: str = "motcua Demo Root CA") -> DemoPki:
    """Create what is missing of the PKI in ``directory`` for ``signers``; refresh the revocation lists."""
    directory.mkdir(parents=True, exist_ok=True)
    root = _issued(directory, "root", lambda: pki.root_create(root_name, organization="motcua demo"))
    _issued(directory, "tsa", lambda: pki.tsa_issue(root, "motcua Demo Timestamp Authority"))
    cas: dict[str, pki.Issued] = {}
    for signer in signers:
        code = signer.agency_code
        if code not in cas:
            agency_dir = directory / "agencies" / code
            agency_dir.mkdir(parents=True, exist_ok=True)
            ca_name = f"CA {signer.agency_name}"
            cas[code] = _issued(agency_dir, "ca", partial(pki.ca_issue, root, ca_name, organization="motcua demo"))
        result = DemoPki(directory)
        target = result.p12_path(signer)
        if not target.exists():
            issued = pki.signer_issue(
                cas[code], signer.common_name, organization=signer.agency_name, title=signer.title
            )
            data = pki.pkcs12_bytes(issued, (cas[code].cert, root.cert), DEMO_PASSPHRASE, signer.key_id)
            pki.write_private(target, data)
    _write_crl(directory / "crl" / "root.crl", pki.crl_issue(root))
    for code, ca in cas.items():
        _write_crl(directory / "crl" / f"{code}.crl", pki.crl_issue(ca))
    return DemoPki(directory)


def demo_signers(usernames: tuple[str, ...] = DEMO_LEADERS) -> list[DemoSigner]:
    """The demo leaders found in the database (by user name), and a seal for each of their agencies."""
    from motcua.agencies.constants import Role
    from motcua.agencies.models import Membership

    found: list[DemoSigner] = []
    seals: dict[str, DemoSigner] = {}
    memberships = Membership.objects.filter(user__username__in=usernames, role=Role.LEADER).select_related(
        "user", "agency"
    )
    for m in memberships.order_by("user__username"):
        agency = m.agency
        found.append(
            DemoSigner(m.user.username, m.user.full_name or m.user.username, agency.code, agency.name, m.title)
        )
        seals.setdefault(agency.code, DemoSigner("seal", agency.name, agency.code, agency.name))
    return found + list(seals.values())


def signing_demo_pki_ensure(directory: Path | None = None) -> DemoPki:
    """Create the demo PKI under ``var/pki/`` for the demo leaders and their agencies (idempotent)."""
    return demo_pki_build(Path(directory or settings.SIGNING_PKI_DIR), demo_signers())


def demo_pki() -> DemoPki:
    return DemoPki(Path(settings.SIGNING_PKI_DIR))
