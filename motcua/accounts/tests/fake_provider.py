"""A scriptable OpenID Connect provider on 127.0.0.1 for the refusal tests.

The real provider (``tests/oidc/provider.mjs``) only issues correct tokens; here each test decides what
the ID token and userinfo say (wrong nonce, audience, expiry, signature…). It serves discovery, JWKS, the
token endpoint (checking the client's secret and the PKCE verifier) and userinfo over real HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

CLIENT_ID = "motcua-test"
CLIENT_SECRET = "fake-client-secret-of-the-motcua-tests"


@dataclass
class FakeProvider:
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    #: What the next token response says: ID token claims to add or override (None removes a claim).
    id_token_claims: dict[str, Any] = field(default_factory=dict)
    userinfo: dict[str, Any] = field(default_factory=dict)
    signing_key: RSAKey | None = None  # sign with another key than the published one
    tamper: bool = False  # flip a byte of the signature
    hmac_with_secret: bool = False  # sign with HS256 and the client secret (algorithm confusion)
    end_session: bool = True
    challenges: dict[str, str] = field(default_factory=dict)  # code -> PKCE challenge
    nonces: dict[str, str] = field(default_factory=dict)  # code -> nonce
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def authorize(self, authorization_url: str, code: str = "code-1") -> dict[str, str]:
        """What the provider's login page would do: remember the request, answer with ``code``."""
        query = {k: v[0] for k, v in parse_qs(urlparse(authorization_url).query).items()}
        self.challenges[code] = query["code_challenge"]
        self.nonces[code] = query.get("nonce", "")
        return query

    def discovery(self) -> dict[str, Any]:
        doc = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/me",
            "acr_values_supported": ["LoA1", "LoA2", "LoA3"],
        }
        if self.end_session:
            doc["end_session_endpoint"] = f"{self.issuer}/session/end"
        return doc

    def id_token(self, code: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "subject-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "nonce": self.nonces.get(code, ""),
            "acr": "LoA2",
        }
        claims.update(self.id_token_claims)
        claims = {k: v for k, v in claims.items() if v is not None}
        key = self.signing_key or self.key
        if self.hmac_with_secret:
            return jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(CLIENT_SECRET), algorithms=["HS256"])
        token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        if self.tamper:
            head, body, sig = token.split(".")
            raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
            raw[10] ^= 0x01
            token = ".".join([head, body, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])
        return token


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urlparse(self.path).path
            if path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif path == "/me":
                if self.headers.get("Authorization") != "Bearer access-1":
                    self._json(401, {"error": "invalid_token"})
                else:
                    self._json(200, {"sub": provider.id_token_claims.get("sub", "subject-1"), **provider.userinfo})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if urlparse(self.path).path != "/token" or self.headers.get("Authorization") != expected:
                self._json(401, {"error": "invalid_client"})
                return
            code = form.get("code", "")
            challenge = provider.challenges.pop(code, None)
            verifier = form.get("code_verifier", "")
            computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge is None or computed != challenge:
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(
                200,
                {
                    "access_token": "access-1",
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "id_token": provider.id_token(code),
                },
            )

    return Handler


class RunningProvider:
    def __init__(self, provider: FakeProvider) -> None:
        self.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
        provider.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
