"""Serving through WSGI: Django's whole middleware stack for every request but the anonymous public API's
reads, which go through a shorter one.

The public look-up (tra cứu hồ sơ) is the busiest and cheapest request: no session, cookie, login, form or
lockout applies to it, and no static file lives under its path, yet those middlewares cost about 13 % of its
CPU. Everything else runs for it as for any request: request id, metrics, security headers, CSP, language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

PUBLIC_PREFIX = "/api/v1/public/"
#: What the public API's reads skip; any other middleware (one added later included) runs for them too.
LEAN_SKIPS = frozenset({
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
})  # fmt: skip

StartResponse = Callable[..., Any]


class LeanHandler(WSGIHandler):
    """Django with the middleware stack minus :data:`LEAN_SKIPS`."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = [name for name in full if name not in LEAN_SKIPS]
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def is_public_read(environ: dict[str, Any]) -> bool:
    return environ.get("REQUEST_METHOD") in ("GET", "HEAD") and str(environ.get("PATH_INFO", "")).startswith(
        PUBLIC_PREFIX
    )


class Dispatcher:
    """The WSGI application: public API reads to the lean handler, everything else to the full one."""

    def __init__(self) -> None:
        self.full = get_wsgi_application()
        self.lean = LeanHandler()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        handler = self.lean if is_public_read(environ) else self.full
        return handler(environ, start_response)
