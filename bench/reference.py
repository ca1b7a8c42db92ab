"""The machine's reference: a thin Django view reading one row, in a plain Django project (the middleware of
``django-admin startproject``, none of motcua's), served like motcua (granian WSGI, 2 workers, PostgreSQL with
1,000,000 dossiers for ``full``). Issues #7 and #10 set their HTTP targets on a machine where such a view
served about 3,400 requests/s; this figure, measured beside the others, says how this machine compares.

The module is also the reference project: its settings, URLs and view, and ``application`` for granian's
``--factory``.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.urls import path

from bench import bulk_dossiers, http, public_tracking
from bench.common import Figure

#: The issues' reference rate ("a thin Django view reading one row reaches about 3,400/s here").
ISSUE_REFERENCE = 3_400

# --- the reference project's settings (read by Django when ``application`` sets this module as settings) --------
SECRET_KEY = "bench-reference-only-" + "y" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [  # django-admin startproject's
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.reference"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LOGGING_CONFIG = None
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"), conn_max_age=60)}

COLUMNS = ("code", "procedure_code", "state", "national_status", "submitted_at", "due_at")


def one_row(request: Any, code: str) -> Any:
    from django.db import connection
    from django.http import Http404, JsonResponse

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM dossiers_dossier WHERE code = %s", [code])  # noqa: S608 — fixed columns
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return JsonResponse(dict(zip(COLUMNS, row, strict=True)))


def healthz(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = [path("api/v1/public/dossiers/<str:code>", one_row), path("healthz", healthz)]


def application() -> Any:
    """granian ``--factory``: the reference project's WSGI application."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reference"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def run(scale: str) -> list[Figure]:
    http.use_server_settings()
    url = bulk_dossiers.database_url(scale)
    built = bulk_dossiers.build(url, bulk_dossiers.SIZES.get(scale, bulk_dossiers.SIZES["small"]))
    if http.wrk_path() is None:
        print(http.WRK_MISSING, flush=True)
        return []
    from django.db import connection

    codes = public_tracking.sample_codes(public_tracking.CODES)  # the look-up bench's sample: the same codes
    requests = [http.Request(f"/api/v1/public/dossiers/{code}") for code in codes]
    connection.close()
    with http.serve(url, factory="bench.reference:application") as server:
        status, _body = http.get(server.base_url + requests[0].path)
        if status != 200:
            raise RuntimeError(f"the reference view answered {status}")
        result = http.load(server.base_url, requests, server=server, seconds=20 if scale == "full" else 8)
    return [
        Figure(
            "reference_thin_view",
            result.rate,
            "requests/s",
            f"plain Django project (startproject's middleware), one view reading one row by code, {len(codes):,} "
            f"codes; {result.context()}; the issues' targets were set where this reached about "
            f"{ISSUE_REFERENCE:,}/s, so this machine runs at {result.rate / ISSUE_REFERENCE:.2f} × that; "
            f"granian WSGI {http.WORKERS} workers × {http.BLOCKING_THREADS} threads; {built.context()}; {http.machine()}",
        )
    ]
