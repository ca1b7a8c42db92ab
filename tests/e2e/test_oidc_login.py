"""A citizen logs in with the national identity through a real OpenID Connect provider (npm oidc-provider)
in Chromium, and signs up for a local account with the code from a real SMTP server."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from tests.oidc.fixtures import CITIZEN, OidcProvider, confirm_provider_logout, log_in_with_national_id

pytest_plugins = ["tests.oidc.fixtures"]
pytestmark = pytest.mark.e2e

MOBILE = {"width": 360, "height": 780}


def _shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"{name}.png", full_page=True, animations="disabled")


@pytest.fixture
def oidc_accounts() -> dict[str, dict[str, Any]]:
    return {"canbo": {"SoDinhDanh": "001085000111", "HoVaTen": "Lê Văn Cán Bộ", "NgayThangNamSinh": "1985-01-02"}}


def test_citizen_logs_in_with_the_national_identity_and_out(page: Page, audit, oidc_provider: OidcProvider) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("#national-login")).to_have_text("Đăng nhập bằng tài khoản định danh điện tử VNeID")
    audit(page)
    _shot(page, "accounts-login-national")

    log_in_with_national_id(page, oidc_provider, start="/accounts/login/?next=/accounts/profile/")

    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    user = User.objects.get(oidc_subject="congdan")
    assert (user.kind, user.personal_id, user.full_name) == (
        UserKind.CITIZEN,
        CITIZEN["SoDinhDanh"],
        CITIZEN["HoVaTen"],
    )
    expect(page.locator("#profile-personal-id")).to_have_text(CITIZEN["SoDinhDanh"])
    expect(page.locator("#profile-login")).to_contain_text("LoA2")
    expect(page.locator('header a[href="/accounts/login/"]')).to_have_count(0)
    audit(page)
    _shot(page, "accounts-profile")

    page.locator("header form[action='/accounts/logout/'] button").click()
    confirm_provider_logout(page, oidc_provider)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator('header a[href="/accounts/login/"]')).to_be_visible()
    # Logged out locally: the account page sends us to the login page again.
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    audit(page)


def test_official_is_refused_with_a_clear_page(page: Page, audit, oidc_provider: OidcProvider, make_user: Any) -> None:
    make_user(UserKind.OFFICIAL, personal_id="001085000111")
    page.set_viewport_size(MOBILE)  # type: ignore[arg-type]
    log_in_with_national_id(page, oidc_provider, account="canbo")
    expect(page.locator("h1")).to_have_text("Bạn chưa đăng nhập được")
    expect(page.locator("#national-error")).to_contain_text("Cán bộ, công chức đăng nhập bằng tên đăng nhập")
    assert not User.objects.filter(oidc_subject="canbo").exists()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= MOBILE["width"]
    audit(page)
    _shot(page, "accounts-national-refused-mobile")


def test_citizen_signs_up_with_the_code_sent_by_email(page: Page, audit, smtp_server: Any) -> None:
    page.goto("/accounts/signup/")
    audit(page)
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Số định danh cá nhân").fill("001190054321")
    page.get_by_label("Địa chỉ thư điện tử").fill("binh@example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("mây trắng bay ngang 2026")
    page.get_by_label("Nhập lại mật khẩu").fill("mây trắng bay ngang 2026")
    _shot(page, "accounts-signup")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Xác nhận địa chỉ thư điện tử")
    audit(page)

    body = smtp_server.body(smtp_server.wait_for(1)[0])
    match = re.search(r"^\s+(\d{6})\s*$", body, re.M)
    assert match is not None
    code = match.group(1)

    page.get_by_label("Mã xác nhận").fill(f"{(int(code) + 1) % 1_000_000:06d}")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Mã xác nhận không đúng. Bạn còn 4 lần thử.")
    audit(page)
    _shot(page, "accounts-code-error")

    page.get_by_label("Mã xác nhận").fill(code)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.locator("#profile-name")).to_have_text("Trần Thị Bình")
    assert User.objects.get(personal_id="001190054321").is_active
    audit(page)
