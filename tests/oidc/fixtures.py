"""A real OpenID Connect provider for tests: npm ``oidc-provider`` (``tests/oidc/provider.mjs``) on 127.0.0.1.

Use it from a test module (or a conftest) with::

    pytest_plugins = ["tests.oidc.fixtures"]

then take the ``oidc_provider`` fixture. It starts ``node tests/oidc/provider.mjs`` on a free port with
one confidential client whose redirect URI is motcua's callback on the live server, waits until its
discovery document answers, points motcua's ``OIDC_*`` settings at it (national login on, levels LoA2
and LoA3 accepted), and stops it after the test. It yields an :class:`OidcProvider` (issuer, client,
accounts). ``oidc_accounts`` (override it in your module) adds test accounts: ``{account id: claims}``.

In a browser test, :func:`log_in_with_national_id` goes through the whole login in Chromium: motcua's
login page → the national login button → the provider's login page (any password) → back on motcua,
logged in. :func:`confirm_provider_logout` answers the provider's "sign out?" page after motcua's
"Đăng xuất" button sent the browser there.

The default account ``congdan`` is Nguyễn Văn An, personal ID ``001090012345`` (:data:`CITIZEN`), with
the national portal's claim names (domain.md §5.3). Without network access the provider's pages cannot
load their web font; :func:`log_in_with_national_id` answers such off-host requests with an empty body so
that they do not count as failed loads.
"""

from __future__ import annotations

import copy
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests
from playwright.sync_api import Page, Route

PROVIDER_SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "motcua"
CLIENT_SECRET = "motcua-test-secret"
ACR = "LoA2"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: The default test account's userinfo claims (as provider.mjs declares them).
CITIZEN: dict[str, Any] = {
    "sub": "congdan",
    "SoDinhDanh": "001090012345",
    "HoVaTen": "Nguyễn Văn An",
    "NgayThangNamSinh": "1990-05-17",
    "SoDienThoai": "0912345000",
    "ThuDienTu": "an.nguyen@example.vn",
}


@dataclass
class OidcProvider:
    issuer: str
    redirect_uri: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    process: subprocess.Popen[str] | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_provider(
    *,
    redirect_uri: str,
    post_logout_redirect_uri: str = "",
    accounts: dict[str, dict[str, Any]] | None = None,
    acr: str = ACR,
    timeout: float = 20.0,
) -> OidcProvider:
    """Start provider.mjs and wait for its discovery document. Stop it with :func:`stop_provider`."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the OpenID Connect provider (tests/oidc/provider.mjs)")
    port = _free_port()
    env = {
        "PATH": str(Path(node).parent),
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": redirect_uri,
        "OIDC_POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ACR": acr,
        "OIDC_ACCOUNTS": json.dumps(accounts or {}),
    }
    process = subprocess.Popen(
        [node, str(PROVIDER_SCRIPT)],
        cwd=PROVIDER_SCRIPT.parents[2],  # the project, for node_modules
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    provider = OidcProvider(issuer=issuer, redirect_uri=redirect_uri, accounts=accounts or {}, process=process)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"the OpenID Connect provider stopped:\n{output}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return provider
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    stop_provider(provider)
    pytest.fail(f"the OpenID Connect provider did not answer on {issuer} within {timeout} s")


def stop_provider(provider: OidcProvider) -> None:
    if provider.process is not None and provider.process.poll() is None:
        provider.process.terminate()
        try:
            provider.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            provider.process.kill()
            provider.process.wait()
    if provider.process is not None and provider.process.stdout is not None:
        provider.process.stdout.close()


@pytest.fixture
def oidc_accounts() -> dict[str, dict[str, Any]]:
    """Extra test accounts of the provider, ``{account id: userinfo claims}``. Override to add some."""
    return {}


@pytest.fixture
def oidc_provider(live_server: Any, settings: Any, oidc_accounts: dict[str, dict[str, Any]]) -> Iterator[OidcProvider]:
    """The provider, with motcua's national login configured to use it (see the module docstring)."""
    base = str(live_server.url)
    provider = start_provider(
        redirect_uri=f"{base}/accounts/national/callback/",
        post_logout_redirect_uri=f"{base}/",
        accounts=oidc_accounts,
    )
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = provider.client_id
    settings.OIDC_CLIENT_SECRET = provider.client_secret
    settings.OIDC_SCOPES = ["openid", "profile"]
    settings.OIDC_ACR_VALUES = ["LoA2", "LoA3"]
    settings.OIDC_PERSONAL_ID_CLAIM = "SoDinhDanh"
    # As motcua.settings does for a configured issuer: the logout form may continue to the provider.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    try:
        yield provider
    finally:
        stop_provider(provider)


def _serve_offline(page: Page, provider: OidcProvider) -> None:
    """Answer requests that leave this machine (the provider's web font) with an empty body: no network here."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, body="", content_type="text/css")

    page.context.route(lambda url: urlparse(url).hostname not in LOCAL_HOSTS, fulfil)


def log_in_with_national_id(
    page: Page, provider: OidcProvider, account: str = "congdan", *, start: str = "/accounts/login/"
) -> None:
    """Log in through the provider's pages in Chromium; returns once the browser is back on motcua."""
    _serve_offline(page, provider)
    page.goto(start)
    page.locator("#national-login").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: not url.startswith(provider.issuer))
    page.wait_for_load_state()


def confirm_provider_logout(page: Page, provider: OidcProvider) -> None:
    """On the provider's "sign out?" page (after motcua's logout), answer yes; back on motcua's home page."""
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.locator("button[name=logout][value=yes]").click()
    page.wait_for_url(lambda url: not url.startswith(provider.issuer))
    page.wait_for_load_state()
