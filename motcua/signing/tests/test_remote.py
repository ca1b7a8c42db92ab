"""The remote-signing interface, against a signing-service double on loopback HTTP."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12

from motcua.signing.exceptions import KeyUnavailable, WrongPin
from motcua.signing.providers import key_provider
from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign
from motcua.signing.tests.conftest import LEADER, PIN, assert_pdfsig_valid

pytestmark = pytest.mark.django_db
SERVICE_PIN = "246810"


@pytest.fixture
def service(demo) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    key, cert, chain = pkcs12.load_key_and_certificates(demo.p12_path(LEADER).read_bytes(), PIN.encode())
    assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
    signing_key, leaf = key, cert
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path != "/v1/keys/leader":
                return self._answer(404, {"error": "no_such_key"})
            der = serialization.Encoding.DER
            return self._answer(
                200,
                {
                    "certificate": base64.b64encode(leaf.public_bytes(der)).decode(),
                    "chain": [base64.b64encode(c.public_bytes(der)).decode() for c in chain],
                },
            )

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append(body)
            if body.get("pin") != SERVICE_PIN:
                return self._answer(401, {"error": "wrong_pin"})
            signature = signing_key.sign(base64.b64decode(body["data"]), PKCS1v15(), hashes.SHA256())
            return self._answer(200, {"signature": base64.b64encode(signature).decode()})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_remote_signature_is_valid(official, service, trust, result_pdf, pdfsig, tmp_path):
    url, seen = service
    signed = pdf_sign(
        actor=official,
        pdf=result_pdf,
        key=key_provider("remote", url=url, key_id="leader"),
        pin=SERVICE_PIN,
        trust=trust,
    )

    [sig] = pdf_verify(signed.data, trust=trust).signatures
    assert sig.valid and sig.signer == "Phạm Văn Lãnh"
    assert_pdfsig_valid(pdfsig(signed.data, tmp_path), 1)
    assert len(seen) == 1 and len(base64.b64decode(seen[0]["data"])) < 2000  # only the signed attributes travel


def test_remote_wrong_pin_and_unreachable_service(official, service, trust, result_pdf):
    url, _ = service
    with pytest.raises(WrongPin):
        pdf_sign(
            actor=official, pdf=result_pdf, key=key_provider("remote", url=url, key_id="leader"), pin="1", trust=trust
        )
    with pytest.raises(KeyUnavailable):
        pdf_sign(
            actor=official,
            pdf=result_pdf,
            key=key_provider("remote", url=url, key_id="nobody"),
            pin=SERVICE_PIN,
            trust=trust,
        )
    with pytest.raises(KeyUnavailable):
        pdf_sign(
            actor=official,
            pdf=result_pdf,
            key=key_provider("remote", url="http://127.0.0.1:9", key_id="leader", timeout=2.0),
            pin=SERVICE_PIN,
            trust=trust,
        )
