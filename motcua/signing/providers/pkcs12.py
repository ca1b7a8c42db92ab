"""PKCS#12 key files (tệp khóa .p12): the demo's provider, and a fallback for a seal kept on a server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from motcua.signing.exceptions import KeyUnavailable, SigningError, WrongPin
from motcua.signing.providers.base import KeyProvider, key_providers


def _asn1(cert: object) -> asn1_x509.Certificate:
    der = cert.public_bytes(serialization.Encoding.DER)  # type: ignore[attr-defined]
    return asn1_x509.Certificate.load(der)


class FileKeySigner(Signer):
    """Signs with a key decrypted once from the file (pyHanko's SimpleSigner re-parses it per signature)."""

    def __init__(
        self,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
        cert: asn1_x509.Certificate,
        chain: list[asn1_x509.Certificate],
    ) -> None:
        super().__init__(
            signing_cert=cert,
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                chain
            ),
        )
        self._key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey):
            if dry_run:
                return bytes((self._key.key_size + 7) // 8)
            return self._key.sign(data, PKCS1v15(), hash_algo)
        signature = self._key.sign(data, ec.ECDSA(hash_algo))
        return signature


@key_providers.register("pkcs12")
@dataclass(frozen=True)
class Pkcs12KeyProvider(KeyProvider):
    """A key and its certificate chain in a passphrase-protected PKCS#12 file."""

    provider_id: ClassVar[str] = "pkcs12"
    path: str

    @contextmanager
    def open(self, pin: str | None) -> Iterator[FileKeySigner]:
        try:
            data = Path(self.path).read_bytes()
        except OSError:
            raise KeyUnavailable() from None
        try:
            key, cert, chain = pkcs12.load_key_and_certificates(data, (pin or "").encode())
        except ValueError:
            # cryptography does not tell a wrong passphrase from a damaged file; the former is far likelier
            raise WrongPin() from None
        if cert is None or not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise SigningError(_unsupported(), code="key_unsupported")
        signer = FileKeySigner(key, _asn1(cert), [_asn1(c) for c in chain])
        try:
            yield signer
        finally:
            del signer, key


def _unsupported() -> str:
    from django.utils.translation import gettext

    return gettext("The key file holds no RSA or ECDSA key with its certificate.")
