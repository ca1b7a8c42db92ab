"""RFC 9457 problem details: every API error has a stable ``code`` and a ``detail`` in the caller's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.core.errors import DomainError

CONTENT_TYPE = "application/problem+json"


def problem(request: HttpRequest, *, status: int, code: str, title: str, detail: str, **extra: Any) -> HttpResponse:
    body = {"type": f"urn:motcua:problem:{code}", "title": title, "status": status, "detail": detail, "code": code}
    body["instance"] = request.path
    body.update(extra)
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def _parameter(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja locates an error as ("query", "<param>") or ("query", "filters", "<param>", …)
    names = [str(part) for part in loc[1:] if part not in ("filters", "payload", "body") and not isinstance(part, int)]
    return ".".join(names) or str(loc[-1])


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "parameter": _parameter(err.get("loc", ())),
                "in": str(err.get("loc", ("?",))[0]),
                "message": err.get("msg", ""),
            }
            for err in exc.errors
        ]
        names = ", ".join(sorted({e["parameter"] for e in errors}))
        return problem(
            request,
            status=422,
            code="invalid_parameter",
            title=_("Invalid request"),
            detail=_("These parameters are invalid: %(names)s.") % {"names": names},
            errors=errors,
        )

    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        titles = {404: _("Not found"), 403: _("Forbidden"), 422: _("Invalid request")}
        return problem(
            request,
            status=exc.status,
            code=exc.code,
            title=titles.get(exc.status, _("Request refused")),
            detail=str(exc.detail),
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            request,
            status=401,
            code="unauthenticated",
            title=_("Authentication required"),
            detail=_("Give a valid API token."),
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = problem(
            request,
            status=429,
            code="rate_limited",
            title=_("Too many requests"),
            detail=_("Slow down and try again shortly."),
        )
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, status=exc.status_code, code="http_error", title=str(exc), detail=str(exc))
