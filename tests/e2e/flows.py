"""Steps that several browser tests share."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, Response

from motcua.accounts.models import User


def totp_code(user: User) -> str:
    """The code the official's authenticator app shows right now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def log_in(page: Page, username: str, password: str, *, otp: str | None = None) -> Response | None:
    """Fill and send the login form; returns the response to the form's POST (before any redirect)."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    if otp is not None:
        page.locator("#id_otp_token").fill(otp)
    with page.expect_response(lambda r: r.request.method == "POST" and "/accounts/login/" in r.url) as posted:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    response: Response | None = posted.value
    return response
