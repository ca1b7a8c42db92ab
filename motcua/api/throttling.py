from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle


class AnonymousApiThrottle(AnonRateThrottle):
    """Per-address limit for anonymous callers, read from the settings at each request (so a deployment
    or a test can change it without rebuilding the API)."""

    def __init__(self) -> None:
        super().__init__(settings.RATELIMIT_API)

    def allow_request(self, request: HttpRequest) -> bool:
        if not settings.RATELIMIT_ENABLE:
            return True
        if self.rate != settings.RATELIMIT_API:
            self.rate = settings.RATELIMIT_API
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
