"""Remote signing (ký số từ xa): a signing service or a signing agent holds the key and signs a digest.

The protocol is small JSON over HTTP(S), so that a signing service (remote signing, HSM in a data centre)
or a local agent beside a USB token (like the Government Cipher Committee's desktop agent, which listens on
127.0.0.1) can implement it with an adapter::

    GET  {url}/v1/keys/{key_id}        -> {"certificate": "<base64 DER>", "chain": ["<base64 DER>", …]}
    POST {url}/v1/keys/{key_id}/sign   {"digest_algorithm": "sha256", "data": "<base64>", "pin": "…"}
                                       -> {"signature": "<base64>"}
    errors: 401/403 {"error": "wrong_pin"}; anything else or no answer: the key is unavailable.

``data`` is the DER of the CMS signed attributes (a few hundred bytes): the document itself never leaves
this server, and the private key never leaves the service. ``pin`` is omitted when the agent asks the
holder itself (its own PIN dialog).
"""

from __future__ import annotations

import asyncio
import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from asn1crypto import x509  # type: ignore[import-untyped]
from django.conf import settings
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing.exceptions import KeyUnavailable, WrongPin
from motcua.signing.providers.base import KeyProvider, key_providers


@dataclass(frozen=True)
class _Client:
    base: str
    key_id: str
    timeout: float
    pin: str | None

    def _call(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self.base.rstrip('/')}/v1/keys/{self.key_id}{path}"
        if not url.startswith(("http://", "https://")):
            raise KeyUnavailable()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - scheme checked
                answer = json.loads(response.read(1_000_000))
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise WrongPin() from None
            raise KeyUnavailable() from None
        except (OSError, ValueError):
            raise KeyUnavailable() from None
        if not isinstance(answer, dict):
            raise KeyUnavailable()
        return answer

    def certificates(self) -> tuple[x509.Certificate, list[x509.Certificate]]:
        answer = self._call("")
        try:
            cert = x509.Certificate.load(base64.b64decode(answer["certificate"]))
            chain = [x509.Certificate.load(base64.b64decode(item)) for item in answer.get("chain", [])]
            cert.native  # noqa: B018 - parse now, fail here rather than in the middle of signing
        except (KeyError, TypeError, ValueError):
            raise KeyUnavailable() from None
        return cert, chain

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        body: dict[str, Any] = {"digest_algorithm": digest_algorithm, "data": base64.b64encode(data).decode()}
        if self.pin is not None:
            body["pin"] = self.pin
        answer = self._call("/sign", body)
        try:
            return base64.b64decode(answer["signature"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise KeyUnavailable() from None


class RemoteSigner(Signer):
    """A pyHanko signer whose raw signature is made by the remote service."""

    def __init__(self, client: _Client, cert: x509.Certificate, chain: list[x509.Certificate]) -> None:
        super().__init__(
            signing_cert=cert,
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                chain
            ),
        )
        self._client = client
        self._size = (cert.public_key.bit_size + 7) // 8

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:
            return bytes(self._size)
        return await asyncio.to_thread(self._client.sign, data, digest_algorithm)


@key_providers.register("remote")
@dataclass(frozen=True)
class RemoteKeyProvider(KeyProvider):
    """A key held by a signing service or a local signing agent, addressed by ``key_id``."""

    provider_id: ClassVar[str] = "remote"
    key_id: str
    url: str = ""
    timeout: float = 30.0

    @contextmanager
    def open(self, pin: str | None) -> Iterator[RemoteSigner]:
        client = _Client(self.url or settings.SIGNING_REMOTE_URL, self.key_id, self.timeout, pin)
        cert, chain = client.certificates()
        yield RemoteSigner(client, cert, chain)
