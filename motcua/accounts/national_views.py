"""Login with the national identity: send the browser to the provider, take it back on the callback."""

from __future__ import annotations

import logging

from django.contrib import auth
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from motcua.accounts.oidc import NationalLoginError, authorization_request, complete_login, national_login_enabled
from motcua.accounts.services.national import NationalIdentityRefused, citizen_from_national_identity
from motcua.accounts.views import NATIONAL_SESSION_KEY, safe_next

log = logging.getLogger(__name__)
PENDING_KEY = "accounts:oidc"


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:national_callback"))


def _refused(request: HttpRequest, error: NationalLoginError | NationalIdentityRefused) -> HttpResponse:
    log.info("national login refused: %s", error.code)
    context = {"message": error.detail, "code": error.code}
    return render(request, "accounts/national_error.html", context, status=error.status)


@require_GET
def national_login(request: HttpRequest) -> HttpResponse:
    if not national_login_enabled():
        raise Http404
    try:
        auth_request = authorization_request(redirect_uri=_redirect_uri(request))
    except NationalLoginError as error:
        return _refused(request, error)
    request.session[PENDING_KEY] = {
        "state": auth_request.state,
        "nonce": auth_request.nonce,
        "verifier": auth_request.code_verifier,
        "next": request.GET.get("next", ""),
    }
    return HttpResponseRedirect(auth_request.url)


@require_GET
def national_callback(request: HttpRequest) -> HttpResponse:
    if not national_login_enabled():
        raise Http404
    pending = request.session.pop(PENDING_KEY, None) or {}  # one use: a replayed callback finds nothing
    try:
        identity = complete_login(
            params=request.GET.dict(),
            state=str(pending.get("state", "")),
            nonce=str(pending.get("nonce", "")),
            code_verifier=str(pending.get("verifier", "")),
            redirect_uri=_redirect_uri(request),
        )
        user = citizen_from_national_identity(subject=identity.subject, claims=identity.claims)
    except (NationalLoginError, NationalIdentityRefused) as error:
        return _refused(request, error)
    auth.login(request, user, backend="motcua.accounts.backends.LoginBackend")
    request.session[NATIONAL_SESSION_KEY] = {"acr": identity.acr, "id_token": identity.id_token}
    return HttpResponseRedirect(safe_next(request, str(pending.get("next", "")), user))
