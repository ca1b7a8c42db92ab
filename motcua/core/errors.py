"""The one error contract: a domain error carries a stable code, an HTTP status and a translated detail."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain was broken. ``code`` is stable for integrators; ``detail`` is translatable."""

    code = "domain_error"
    status = 400

    def __init__(self, detail: str | Promise, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(str(detail))
        self.detail = detail
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NotFound(DomainError):
    """Missing, or not the caller's to see: both answer the same way so nothing leaks."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403
