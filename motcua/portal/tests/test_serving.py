"""Serving: the public API's reads go through the lean middleware stack and answer exactly as the full one;
every other request goes through the full stack; the served process freezes its start-up objects."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections

from motcua.core.serving import LEAN_SKIPS, Dispatcher, LeanHandler, is_public_read
from motcua.dossiers.tests.conftest import procedure  # noqa: F401 (fixture)
from motcua.notifications.tests.support import World, world_for


@pytest.fixture
def world(make_user: Any, procedure: Any) -> World:  # noqa: F811
    cache.clear()
    return world_for(make_user)


@pytest.fixture
def dispatcher() -> Iterator[Dispatcher]:
    # as Django's test client does: a request must not close the test's connection (its transaction)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield Dispatcher()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _get(app: Any, path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "HTTP_ACCEPT_LANGUAGE": "vi",
    }  # fmt: skip
    answered: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app(environ, lambda status, headers, *_: answered.append((status, headers))))
    status, headers = answered[0]
    return status, {k: v for k, v in headers if k != "X-Request-ID"}, body


@pytest.mark.django_db
def test_the_lean_stack_answers_as_the_full_one(world: World, dispatcher: Dispatcher) -> None:
    code = world.to_result(world.receive(world.submit())).code
    for path in (f"/api/v1/public/dossiers/{code}", "/api/v1/public/dossiers/NO-SUCH"):
        lean, full = _get(dispatcher.lean, path), _get(dispatcher.full, path)
        assert lean == full
    status, headers, body = _get(dispatcher, f"/api/v1/public/dossiers/{code}")
    assert status == "200 OK" and code.encode() in body
    assert "Nguyễn V** A**".encode() in body and "Nguyễn Văn An".encode() not in body
    assert {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} <= set(headers)
    assert "Set-Cookie" not in headers


def test_only_the_public_apis_reads_take_the_lean_stack() -> None:
    assert is_public_read({"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/public/dossiers/X"})
    assert is_public_read({"REQUEST_METHOD": "HEAD", "PATH_INFO": "/api/v1/public/dossiers/X"})
    assert not is_public_read({"REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/public/dossiers/X"})
    assert not is_public_read({"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/dossiers"})
    assert not is_public_read({"REQUEST_METHOD": "GET", "PATH_INFO": "/track/"})
    assert set(settings.MIDDLEWARE) >= LEAN_SKIPS  # a renamed one would silently run again
    kept = [name for name in settings.MIDDLEWARE if name not in LEAN_SKIPS]
    assert kept == [
        "motcua.core.middleware.RequestIdMiddleware",
        "motcua.core.metrics.MetricsMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "motcua.core.csp.CachedCSPMiddleware",
        "motcua.core.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    LeanHandler()  # loads with those alone
    assert settings.MIDDLEWARE[5] == "django.contrib.sessions.middleware.SessionMiddleware"  # and puts the list back


def test_the_served_process_freezes_its_start_up_objects() -> None:
    code = "import gc, motcua.wsgi; print(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout.strip()) > 10_000
