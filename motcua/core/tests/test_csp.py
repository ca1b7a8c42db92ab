"""The precomputed Content-Security-Policy is django-csp's own policy, and per-view policies still apply."""

from __future__ import annotations

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory, override_settings

from motcua.core.csp import CachedCSPMiddleware


def _both(response: HttpResponse, nonce: bool = False) -> tuple[HttpResponseBase, HttpResponseBase]:
    results = []
    for middleware in (CSPMiddleware, CachedCSPMiddleware):
        request: HttpRequest = RequestFactory().get("/")
        handler = middleware(lambda r: response)
        handler.process_request(request)
        if nonce:
            str(request.csp_nonce)  # type: ignore[attr-defined]
        copy = HttpResponse(response.content)
        for name in ("_csp_update",):
            if hasattr(response, name):
                setattr(copy, name, getattr(response, name))
        results.append(handler.process_response(request, copy))
    return results[0], results[1]


def test_the_cached_policy_is_django_csps_policy() -> None:
    plain, cached = _both(HttpResponse("x"))
    assert cached["Content-Security-Policy"] == plain["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in cached["Content-Security-Policy"]


def test_a_nonce_and_a_per_view_update_still_reach_the_header() -> None:
    plain, cached = _both(HttpResponse("x"), nonce=True)  # a page that used its nonce: django-csp decides
    assert cached["Content-Security-Policy"] == plain["Content-Security-Policy"]
    updated = HttpResponse("x")
    updated._csp_update = {"img-src": ["https://tiles.example.org"]}  # type: ignore[attr-defined]
    _plain, cached = _both(updated)
    assert "https://tiles.example.org" in cached["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_changed_setting_changes_the_cached_policy() -> None:
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert Client().get("/healthz")["Content-Security-Policy"] == "default-src 'none'"
    assert "frame-ancestors 'none'" in Client().get("/healthz")["Content-Security-Policy"]
