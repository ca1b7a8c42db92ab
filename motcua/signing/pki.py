"""Certificates for a demo or a test: a root CA, an intermediate CA per agency, signing certificates for
leaders and agency seals (dấu của cơ quan), a timestamp authority, and revocation lists.

Nothing here is used by a production deployment, which configures its real trust roots (e.g. the national
root CA) and gets its keys from tokens. Keys are RSA-2048 with SHA-256, the profile Vietnamese CAs issue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048


@dataclass(frozen=True)
class Issued:
    """A key and its certificate (chứng thư số)."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _name(common_name: str, organization: str = "", unit: str = "", title: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey, not_before: dt.datetime, days: int
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + dt.timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _with_issuer(builder: x509.CertificateBuilder, issuer: Issued) -> x509.CertificateBuilder:
    ski = issuer.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _signing_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def root_create(common_name: str, *, organization: str = "", days: int = 3650) -> Issued:
    """A self-signed root CA (CA:TRUE, keyCertSign, cRLSign)."""
    key = new_key()
    name = _name(common_name, organization)
    start = _now() - dt.timedelta(days=1)
    builder = _builder(name, name, key.public_key(), start, days)
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    builder = builder.add_extension(_ca_usage(), critical=True)
    return Issued(key, builder.sign(key, hashes.SHA256()))


def ca_issue(issuer: Issued, common_name: str, *, organization: str = "", days: int = 1825) -> Issued:
    """An intermediate CA under ``issuer`` (may issue end-entity certificates only)."""
    key = new_key()
    start = _now() - dt.timedelta(days=1)
    builder = _builder(_name(common_name, organization), issuer.cert.subject, key.public_key(), start, days)
    builder = _with_issuer(builder, issuer)
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
    builder = builder.add_extension(_ca_usage(), critical=True)
    return Issued(key, builder.sign(issuer.key, hashes.SHA256()))


def signer_certificate(
    issuer: Issued,
    public_key: rsa.RSAPublicKey,
    common_name: str,
    *,
    organization: str = "",
    unit: str = "",
    title: str = "",
    days: int = 730,
    not_before: dt.datetime | None = None,
) -> x509.Certificate:
    """A document-signing certificate (digitalSignature, nonRepudiation) for ``public_key``, e.g. a key
    generated inside a token: the private key is never here."""
    start = not_before or _now() - dt.timedelta(days=1)
    name = _name(common_name, organization, unit, title)
    builder = _with_issuer(_builder(name, issuer.cert.subject, public_key, start, days), issuer)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(_signing_usage(), critical=True)
    return builder.sign(issuer.key, hashes.SHA256())


def signer_issue(
    issuer: Issued,
    common_name: str,
    *,
    organization: str = "",
    unit: str = "",
    title: str = "",
    days: int = 730,
    not_before: dt.datetime | None = None,
) -> Issued:
    """A new key and its document-signing certificate."""
    key = new_key()
    cert = signer_certificate(
        issuer,
        key.public_key(),
        common_name,
        organization=organization,
        unit=unit,
        title=title,
        days=days,
        not_before=not_before,
    )
    return Issued(key, cert)


def tsa_issue(issuer: Issued, common_name: str, *, days: int = 1825) -> Issued:
    """A timestamp authority (extended key usage timeStamping, critical, as RFC 3161 requires)."""
    key = new_key()
    start = _now() - dt.timedelta(days=1)
    builder = _with_issuer(_builder(_name(common_name), issuer.cert.subject, key.public_key(), start, days), issuer)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(_signing_usage(), critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Issued(key, builder.sign(issuer.key, hashes.SHA256()))


def crl_issue(
    issuer: Issued, *, revoked: tuple[x509.Certificate, ...] = (), days: int = 30
) -> x509.CertificateRevocationList:
    """A revocation list signed by ``issuer`` (empty unless ``revoked`` is given)."""
    now = _now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=days))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    ski = issuer.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    for cert in revoked:
        entry = x509.RevokedCertificateBuilder().serial_number(cert.serial_number).revocation_date(now).build()
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(issuer.key, hashes.SHA256())


def pkcs12_bytes(issued: Issued, chain: tuple[x509.Certificate, ...], passphrase: str, name: str) -> bytes:
    """The key, its certificate and the chain in one PKCS#12 file, protected by ``passphrase``."""
    encryption = serialization.BestAvailableEncryption(passphrase.encode())
    return pkcs12.serialize_key_and_certificates(name.encode(), issued.key, issued.cert, list(chain), encryption)


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (keys, PKCS#12)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(data)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_issued(cert_path: Path, key_path: Path) -> Issued:
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{key_path} is not an RSA key")
    return Issued(key, x509.load_pem_x509_certificate(cert_path.read_bytes()))
