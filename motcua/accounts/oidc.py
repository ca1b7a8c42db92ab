"""OpenID Connect relying party for the national identity login (VNeID, national portal SSO; domain.md §5.3).

Authorization code flow with PKCE (S256), ``state`` against login CSRF, ``nonce`` against replay, and
``acr_values`` for the level of assurance. The provider is found by discovery from the configured issuer
(cached); the ID token's signature is checked against the provider's JWKS, and its ``iss``, ``aud``,
``exp`` and ``nonce``. Profile claims come from userinfo, whose ``sub`` must match the ID token's.

This module speaks the protocol only; what a verified identity means for accounts is in
``services.national``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError  # type: ignore[import-untyped]
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.integrations.requests_client import OAuth2Session  # type: ignore[import-untyped]
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from motcua.core.errors import DomainError

log = logging.getLogger(__name__)

#: Signature algorithms accepted for ID tokens (never ``none`` nor HMAC with the client secret).
ID_TOKEN_ALGORITHMS = ["RS256", "PS256", "ES256", "RS384", "RS512", "PS384", "PS512", "ES384", "EdDSA"]
CLOCK_SKEW_SECONDS = 60


class NationalLoginError(DomainError):
    """The national login could not be completed; ``code`` says why (the page explains it)."""

    status = 400


_UNAVAILABLE = _("The national identity service could not confirm your identity. Try again later.")


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str = ""


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what the callback must find again (kept in the session)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class VerifiedIdentity:
    """What the provider vouched for: the subject, the level of assurance and every claim."""

    subject: str
    acr: str
    claims: Mapping[str, Any] = field(default_factory=dict)
    id_token: str = ""


def national_login_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _get_json(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("national login: %s failed: %s", url, exc)
        raise NationalLoginError(_UNAVAILABLE, code="provider_unavailable", status=502) from exc
    if not isinstance(data, dict):
        raise NationalLoginError(_UNAVAILABLE, code="provider_unavailable", status=502)
    return data


def provider_metadata() -> ProviderMetadata:
    """The issuer's discovery document (cached for an hour)."""
    issuer = settings.OIDC_ISSUER
    key = f"accounts:oidc:discovery:{issuer}"
    data = cache.get(key)
    if data is None:
        data = _get_json(f"{issuer}/.well-known/openid-configuration")
        # OpenID Connect Discovery §4.3: the document must name exactly the issuer we asked.
        if str(data.get("issuer", "")).rstrip("/") != issuer:
            log.warning("national login: discovery names issuer %r, expected %r", data.get("issuer"), issuer)
            raise NationalLoginError(_UNAVAILABLE, code="provider_unavailable", status=502)
        cache.set(key, data, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    try:
        return ProviderMetadata(
            issuer=str(data["issuer"]),
            authorization_endpoint=str(data["authorization_endpoint"]),
            token_endpoint=str(data["token_endpoint"]),
            jwks_uri=str(data["jwks_uri"]),
            userinfo_endpoint=str(data["userinfo_endpoint"]),
            end_session_endpoint=str(data.get("end_session_endpoint") or ""),
        )
    except KeyError as exc:
        raise NationalLoginError(_UNAVAILABLE, code="provider_unavailable", status=502) from exc


def _keys(metadata: ProviderMetadata, *, refresh: bool = False) -> KeySet:
    key = f"accounts:oidc:jwks:{metadata.jwks_uri}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(metadata.jwks_uri)
        cache.set(key, data, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise NationalLoginError(_UNAVAILABLE, code="provider_unavailable", status=502) from exc


def _session(redirect_uri: str) -> OAuth2Session:
    scopes = ["openid", *[s for s in settings.OIDC_SCOPES if s != "openid"]]
    return OAuth2Session(
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scope=" ".join(scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method name, not a secret)
    )


def authorization_request(*, redirect_uri: str) -> AuthorizationRequest:
    """Build the authorization URL with fresh state, nonce and PKCE verifier."""
    metadata = provider_metadata()
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    extra: dict[str, str] = {"nonce": nonce}
    if settings.OIDC_ACR_VALUES:
        extra["acr_values"] = " ".join(settings.OIDC_ACR_VALUES)
    url, _state = _session(redirect_uri).create_authorization_url(
        metadata.authorization_endpoint, state=state, code_verifier=verifier, **extra
    )
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=verifier)


def verify_id_token(id_token: str, *, nonce: str, metadata: ProviderMetadata) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, expiry and nonce are right."""
    try:
        try:
            token = jwt.decode(id_token, _keys(metadata), algorithms=ID_TOKEN_ALGORITHMS)
        except JoseError:
            # The provider may have rotated its keys since we cached them: fetch them once more.
            token = jwt.decode(id_token, _keys(metadata, refresh=True), algorithms=ID_TOKEN_ALGORITHMS)
        claims = dict(token.claims)
        jwt.JWTClaimsRegistry(
            leeway=CLOCK_SKEW_SECONDS,
            iss={"essential": True, "value": settings.OIDC_ISSUER},
            sub={"essential": True},
            aud={"essential": True, "value": settings.OIDC_CLIENT_ID},
            exp={"essential": True},
            iat={"essential": True},
        ).validate(claims)
    except (JoseError, ValueError, TypeError) as exc:
        log.warning("national login: ID token refused: %s", exc)
        raise NationalLoginError(_UNAVAILABLE, code="invalid_id_token") from exc
    # With several audiences the token must say it was issued to us (OpenID Connect Core §3.1.3.7).
    if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID:
        raise NationalLoginError(_UNAVAILABLE, code="invalid_id_token")
    if not constant_time_compare(str(claims.get("nonce", "")), nonce):
        log.warning("national login: ID token nonce does not match")
        raise NationalLoginError(_UNAVAILABLE, code="invalid_id_token")
    return claims


def _check_assurance(acr: str) -> None:
    accepted = settings.OIDC_ACR_VALUES
    if accepted and acr not in accepted:
        raise NationalLoginError(
            _(
                "Your national identity account does not have the level of assurance this service needs. "
                "Raise its level (for example in the VNeID app), then try again."
            ),
            code="assurance_too_low",
            status=403,
        )


def complete_login(
    *, params: Mapping[str, str], state: str, nonce: str, code_verifier: str, redirect_uri: str
) -> VerifiedIdentity:
    """Handle the provider's redirect back: check state, redeem the code, verify what came back."""
    if not state or not constant_time_compare(params.get("state", ""), state):
        raise NationalLoginError(
            _("This login was not started here, or it has expired. Start again."), code="state_mismatch", status=403
        )
    if params.get("error"):
        log.info("national login: provider answered %s", params.get("error"))
        raise NationalLoginError(_("The national login was cancelled or refused. You can start again."), code="denied")
    metadata = provider_metadata()
    # RFC 9207: when the provider names itself in the redirect it must be the one we sent the user to.
    if "iss" in params and params["iss"].rstrip("/") != settings.OIDC_ISSUER:
        raise NationalLoginError(_UNAVAILABLE, code="issuer_mismatch")
    code = params.get("code", "")
    if not code:
        raise NationalLoginError(_UNAVAILABLE, code="no_code")
    session = _session(redirect_uri)
    try:
        token = session.fetch_token(
            metadata.token_endpoint, code=code, code_verifier=code_verifier, timeout=settings.OIDC_TIMEOUT
        )
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError) as exc:
        log.warning("national login: token request failed: %s", exc)
        raise NationalLoginError(_UNAVAILABLE, code="token_error", status=502) from exc
    id_token = str(token.get("id_token") or "")
    if not id_token:
        raise NationalLoginError(_UNAVAILABLE, code="invalid_id_token")
    claims = verify_id_token(id_token, nonce=nonce, metadata=metadata)
    userinfo = _get_json(metadata.userinfo_endpoint, headers={"Authorization": f"Bearer {token['access_token']}"})
    if userinfo.get("sub") != claims["sub"]:
        log.warning("national login: userinfo is about another subject")
        raise NationalLoginError(_UNAVAILABLE, code="subject_mismatch")
    acr = str(claims.get("acr") or userinfo.get("acr") or "")
    _check_assurance(acr)
    merged = {**userinfo, **{k: v for k, v in claims.items() if k not in userinfo}}
    return VerifiedIdentity(subject=str(claims["sub"]), acr=acr, claims=merged, id_token=id_token)


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str:
    """The provider's logout address for this session, or "" when it has none (or cannot be reached)."""
    try:
        endpoint = provider_metadata().end_session_endpoint
    except NationalLoginError:
        return ""
    if not endpoint:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": settings.OIDC_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
