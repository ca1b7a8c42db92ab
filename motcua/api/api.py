"""The public HTTP API, mounted at /api/v1/. Its OpenAPI document is committed (docs/api/openapi.json)."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI
from ninja.throttling import AnonRateThrottle

from motcua.api import problems
from motcua.api.renderers import Utf8JSONRenderer
from motcua.api.routers import agencies, clients, geo

api = NinjaAPI(
    title="motcua API",
    version="1.0.0",
    description=(
        "Open API of the motcua electronic one-stop shop. Errors are RFC 9457 problem+json with a stable "
        "`code` and a `detail` in the language of `Accept-Language` (Vietnamese by default, English)."
    ),
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[AnonRateThrottle(settings.RATELIMIT_API)] if settings.RATELIMIT_ENABLE else [],
)
problems.install(api)
api.add_router("/geo", geo.router)
api.add_router("/agencies", agencies.router)
api.add_router("/clients", clients.router)
