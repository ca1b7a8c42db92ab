"""Errors of the payments app, each with a stable code (rendered as problem+json by the API)."""

from __future__ import annotations

from motcua.core.errors import DomainError, NotFound


class PaymentError(DomainError):
    code = "payment_error"
    status = 422


class PaymentNotFound(NotFound):
    code = "payment_not_found"


class GatewayUnavailable(DomainError):
    """The gateway could not be reached or answered something we cannot use."""

    code = "gateway_unavailable"
    status = 502
