"""Prometheus metrics: request rate and latency per route, task-queue depth. Served at /metrics."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from motcua.core.context import request_id

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("motcua_http_requests", "HTTP requests handled", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram(
    "motcua_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
ACCESS_LOG = logging.getLogger("motcua.access")
QUEUE_DEPTH = Gauge("motcua_task_queue_depth", "Tasks waiting to run", ["queue"], registry=REGISTRY)


class MetricsMiddleware:
    """Per-route latency and counts for Prometheus, and one access-log line per request (no query
    strings or paths: they can carry personal data such as ID numbers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        # The route pattern, never the raw path: raw paths would make one time series per dossier.
        route = (match.route or match.view_name) if match else "unmatched"
        elapsed = time.perf_counter() - started
        LATENCY.labels(request.method, route).observe(elapsed)
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        user = getattr(request, "user", None)
        ACCESS_LOG.info(
            "request",
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": request_id.get(),
            },
        )
        return response


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Not public: a bearer token when one is configured, otherwise loopback callers only."""
    if not _allowed(request):
        return HttpResponse(status=404)
    from motcua.core.health import queue_depths

    for queue, depth in queue_depths().items():
        QUEUE_DEPTH.labels(queue).set(depth)
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
