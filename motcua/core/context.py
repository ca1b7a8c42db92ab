"""Per-request context (the request id) that logs and audit entries pick up without passing it around."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
