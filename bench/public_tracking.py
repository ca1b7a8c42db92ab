"""Public progress look-up (tra cứu hồ sơ) through the HTTP stack: ``GET /api/v1/public/dossiers/{code}`` and the
public tracking page (``POST /track/`` with its challenge answered), granian WSGI with 2 workers in front of
PostgreSQL holding 1,000,000 dossiers (``full``; 20,000 for ``small``), loaded by ``wrk`` from 127.0.0.1 with
a different dossier code on every request.

A stand-in (a thin view reading one row, behind the same middleware) is measured too, named ``..._standin``:
in place of the real endpoint while that is missing, beside it otherwise, as the stack's floor at this load.
"""

from __future__ import annotations

import json
import random
import secrets
from typing import Any

from bench import bulk_dossiers, http
from bench.common import Figure

API_PATH = "/api/v1/public/dossiers/{code}"
CODES = 5_000
urlpatterns: list[Any] = []  # the stand-in server's URLs, set by standin_application()


def standin_view(request: Any, code: str) -> Any:
    """Stand-in for the public API: a thin view reading one row (used only while the real one is missing)."""
    from django.http import Http404, JsonResponse

    from motcua.dossiers.models import Dossier

    row = (
        Dossier.objects.filter(code=code)
        .values("code", "procedure_code", "state", "national_status", "submitted_at", "due_at")
        .first()
    )
    if row is None:
        raise Http404
    return JsonResponse(row)


def standin_application() -> Any:
    """granian ``--factory``: motcua with the stand-in route in front of its own URLs."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    from django.conf import settings
    from django.urls import path

    from motcua.urls import urlpatterns as motcua_urls

    urlpatterns[:] = [path("api/v1/public/dossiers/<str:code>", standin_view), *motcua_urls]
    settings.ROOT_URLCONF = __name__
    return application


def sample_codes(count: int) -> list[str]:
    """About ``count`` codes of dossiers spread over the whole table (the same ones on every run)."""
    from motcua.dossiers.models import Dossier

    last = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rng = random.Random(3)
    ids = sorted({rng.randint(1, last) for _ in range(count)})
    return list(Dossier.objects.filter(pk__in=ids).values_list("code", flat=True))


def _page_requests(codes: list[str], count: int) -> list[http.Request]:
    """POSTs of the tracking form, each with its own solved challenge (tokens are single use)."""
    from motcua.portal.tracking_challenge import challenge_new

    csrf = secrets.token_hex(16)
    rows = []
    for i in range(count):
        challenge = challenge_new()
        body = (
            f"csrfmiddlewaretoken={csrf}&code={codes[i % len(codes)]}&token={challenge.token}"
            f"&answer={challenge.a + challenge.b}"
        )
        headers = (
            ("Cookie", f"__Host-csrftoken={csrf}"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        )
        rows.append(http.Request("/track/", method="POST", headers=headers, body=body))
    return rows


def run(scale: str) -> list[Figure]:
    http.use_server_settings()
    url = bulk_dossiers.database_url(scale)
    built = bulk_dossiers.build(url, bulk_dossiers.SIZES.get(scale, bulk_dossiers.SIZES["small"]))
    from django.db import connection

    codes = sample_codes(CODES)
    seconds = 20 if scale == "full" else 8
    if http.wrk_path() is None:
        print(http.WRK_MISSING, flush=True)
        return []
    api = [http.Request(API_PATH.format(code=c)) for c in codes]
    pages = _page_requests(codes, 30_000 if scale == "full" else 10_000)
    connection.close()
    figures = []
    context = f"{len(codes):,} different codes; {built.context()}; granian WSGI {http.WORKERS} workers × {http.BLOCKING_THREADS} threads, DEBUG off"
    with http.serve(url) as server:
        api_status, body = http.get(server.base_url + api[0].path)
        real = api_status == 200 and json.loads(body).get("code") == codes[0]
        if real:
            result = http.load(server.base_url, api, server=server, seconds=seconds)
            figures.append(
                Figure(
                    "public_tracking_api", result.rate, "requests/s", f"{result.context()}; {context}; {http.machine()}"
                )
            )
        page_status, _body = http.get(server.base_url + "/track/")
        if page_status == 200:
            result = http.load(server.base_url, pages, server=server, seconds=seconds)
            figures.append(
                Figure(
                    "public_tracking_page",
                    result.rate,
                    "pages/s",
                    f"POST /track/ (code + answered challenge, CSRF); {result.context()}; {context}; {http.machine()}",
                )
            )
    if not real:
        print(f"bench: {API_PATH} does not answer yet ({api_status}); measuring the stand-in instead", flush=True)
    # the stand-in also runs beside the real endpoint: the same stack's floor on this machine at this load
    with http.serve(url, factory="bench.public_tracking:standin_application") as server:
        result = http.load(server.base_url, api, server=server, seconds=seconds)
    label = "STAND-IN (the real endpoint is missing)" if not real else "reference stand-in"
    figures.append(
        Figure(
            "public_tracking_api_standin",
            result.rate,
            "requests/s",
            f"{label}: a thin view reading one row behind the same middleware; {result.context()}; {context}; "
            f"{http.machine()}",
        )
    )
    return figures
