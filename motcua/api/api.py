"""The public HTTP API, mounted at /api/v1/. Its OpenAPI document is committed (docs/api/openapi.json)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from motcua.api import problems
from motcua.api.renderers import Utf8JSONRenderer
from motcua.api.routers import (
    agencies,
    catalog,
    clients,
    documents,
    dossiers,
    geo,
    payments,
    public,
    registry,
    signing,
    statistics,
    workdays,
)
from motcua.api.throttling import AnonymousApiThrottle


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Error responses are documented as what they are: application/problem+json (RFC 9457)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.CONTENT_TYPE] = content.pop("application/json")
        return schema


api = MotcuaAPI(
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
    throttle=[AnonymousApiThrottle()],
)
problems.install(api)
# The anonymous public look-up is the API's busiest route: its patterns come first, so that resolving it does not
# try every other route's pattern on each request.
api.add_router("/public", public.router)
api.add_router("/geo", geo.router)
api.add_router("/agencies", agencies.router)
api.add_router("/clients", clients.router)
api.add_router("/workdays", workdays.router)
api.add_router("/procedures", catalog.router)
api.add_router("/registry", registry.router)
api.add_router("/signing", signing.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/statistics", statistics.router)
api.add_router("/payments", payments.router)
api.add_router("/documents", documents.router)
