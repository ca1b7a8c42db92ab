"""Every page and API operation refuses an anonymous caller and a stranger, unless it is listed as public.

This test grows with the project: a new URL is checked automatically, and making one public means adding
it to PUBLIC below, in review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.accounts.constants import UserKind

#: Route patterns (regex of the joined route) that anyone may open.
PUBLIC = [
    r"^$",
    r"^agencies/$",
    r"^procedures/",  # the public procedure catalogue
    r"^accounts/login/$",
    r"^accounts/logout/$",  # POST only; logging out nobody is harmless
    r"^accounts/national/(callback/)?$",  # national identity login and its callback (state checked)
    r"^accounts/(signup|password-reset)/(confirm/)?$",  # code pages act only on this browser's own request
    r"^admin/login/$",  # the operators' login form (with its TOTP field)
    r"^admin/logout/$",
    r"^i18n/setlang/$",
    r"^healthz$",
    r"^metrics$",  # refuses non-loopback callers itself: tested in core
    r"^api/v1/",  # the API decides per operation: checked below from the OpenAPI document
    r"^static/",
    r"^verify/",  # verification of signed documents and the QR-code pages of results: for anyone
    r"^track/",  # public progress of a dossier by code (challenge + rate limit) and the city's live figures
    r"^pay/sandbox/",  # the sandbox payment gateway (a stand-in for the bank; never mounted in production)
]
#: API operations anyone may call (reference data and documentation).
PUBLIC_API = [
    r"^/api/v1/geo/",
    r"^/api/v1/agencies",
    r"^/api/v1/workdays/",
    r"^/api/v1/signing/verify$",  # verification of signed PDFs: for anyone
    r"^/api/v1/public/dossiers/\{code\}$",  # public progress by dossier code (throttled, owner name masked)
    r"^/api/v1/procedures(/\{code\})?$",  # search and definitions; export and import need a token
    r"^/api/v1/payments/(vnpay/ipn|paygov/confirm)$",  # gateway callbacks: every message signature-checked
]
REFUSED = {302, 401, 403, 404, 405}
#: Pages of any logged-in citizen (their own dossiers, documents, notices): still refused to anonymous callers and
#: officials; that another citizen gets 404 on each of them is tested in motcua/portal/tests.
CITIZEN_PAGES = [r"^my-dossiers/", r"^my-documents/"]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        else:
            yield route


def _concrete(route: str) -> str:
    """A URL for a route pattern: parameters filled with a plausible value."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    route = re.sub(r"<(?:int:)?[^>]*(?:id|pk)>", "1", route)
    route = re.sub(r"<path:[^>]+>", "x/y", route)
    route = re.sub(r"<[^>]+>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    return "/" + route.replace("?", "")


def _private_routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if not any(re.match(p, r.lstrip("^")) for p in PUBLIC)]


@pytest.mark.django_db
@pytest.mark.parametrize("route", _private_routes())
def test_anonymous_is_refused(client, route):
    url = _concrete(route)
    response = client.get(url)
    assert response.status_code in REFUSED, f"{url} answered {response.status_code} to an anonymous caller"
    if response.status_code == 302:
        assert "login" in response["Location"], f"{url} redirected an anonymous caller to {response['Location']}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", _private_routes())
def test_citizen_is_refused_in_official_pages(client, make_user, route):
    if any(re.match(p, route.lstrip("^")) for p in CITIZEN_PAGES):
        return
    client.force_login(make_user(UserKind.CITIZEN))
    url = _concrete(route)
    response = client.get(url)
    assert response.status_code in REFUSED, f"{url} answered {response.status_code} to a citizen"
    if response.status_code == 302:
        assert "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", _private_routes())
def test_official_without_second_factor_is_refused(client, make_user, route):
    client.force_login(make_user(UserKind.OFFICIAL))  # password only: no verified TOTP device in the session
    response = client.get(_concrete(route))
    assert response.status_code in REFUSED


def _api_operations() -> list[tuple[str, str]]:
    from motcua.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return sorted((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), _api_operations())
def test_api_operation_without_token_is_refused_unless_public(client, method, path):
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = client.generic(method, url)
    if any(re.match(p, path) for p in PUBLIC_API):
        assert response.status_code != 401
    else:
        assert response.status_code == 401, f"{method} {path} answered {response.status_code} without a token"


def test_the_walk_finds_the_private_pages():
    routes = _private_routes()
    assert any(r.startswith("backoffice/") for r in routes)
    assert any(r.startswith("admin/") for r in routes)
