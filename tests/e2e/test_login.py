"""Logging in through the real form in Chromium: officials need their TOTP code; citizens stay out of the
back office."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from motcua.accounts.constants import UserKind
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from tests.e2e.flows import log_in, totp_code

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_official_logs_in_with_totp_and_sees_their_agencies(
    page: Page, audit, make_user, commune_pc: Agency, browser_locale: str
) -> None:
    official = make_user(UserKind.OFFICIAL, username="canbo.hoankiem", full_name="Nguyễn Thị Hương")
    membership_grant(user_id=official.pk, agency=commune_pc, role=Role.ONE_STOP_OFFICER, title="Chuyên viên một cửa")

    log_in(page, "canbo.hoankiem", PASSWORD, otp=totp_code(official))

    page.wait_for_url("**/backoffice/")
    expect(page.locator("html")).to_have_attribute("lang", browser_locale)
    expect(page.locator("h1")).to_have_text(
        {"vi": "Xin chào, Nguyễn Thị Hương", "en": "Welcome, Nguyễn Thị Hương"}[browser_locale]
    )
    row = page.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        [
            "Ủy ban nhân dân Phường Hoàn Kiếm",
            commune_pc.code,
            {"vi": "Cán bộ một cửa", "en": "One-stop officer"}[browser_locale],
            "Chuyên viên một cửa",
        ]
    )
    # Logged in: the header offers the back office and logging out, no longer logging in.
    expect(page.locator('header a[href="/backoffice/"]')).to_be_visible()
    expect(page.locator('header a[href="/accounts/login/"]')).to_have_count(0)
    audit(page)


def test_official_without_totp_code_stays_on_the_login_page(page: Page, audit, make_user) -> None:
    make_user(UserKind.OFFICIAL, username="canbo.quen.ma")

    response = log_in(page, "canbo.quen.ma", PASSWORD, otp="")

    assert response is not None and response.status == 401
    assert page.url.endswith("/accounts/login/")
    message = "Cán bộ, công chức phải nhập mã xác thực hợp lệ."
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator("#id_otp_token-error")).to_contain_text(message)
    otp = page.locator("#id_otp_token")
    expect(otp).to_have_class("govuk-input govuk-input--error")
    # Screen readers hear the hint and the error when the field gets focus; the title says there is an error.
    expect(otp).to_have_accessible_description(
        f"Cán bộ, công chức: nhập mã 6 chữ số trong ứng dụng xác thực. Lỗi: {message}"
    )
    expect(page).to_have_title("Lỗi: Đăng nhập – motcua")
    expect(page.locator("#id_username")).to_have_value("canbo.quen.ma")
    audit(page)

    page.goto("/backoffice/")  # not logged in: sent back to the login page
    page.wait_for_url("**/accounts/login/?next=/backoffice/")
    expect(page.locator('header a[href="/accounts/login/"]')).to_be_visible()


def test_official_with_a_wrong_totp_code_is_refused(page: Page, make_user) -> None:
    official = make_user(UserKind.OFFICIAL, username="canbo.sai.ma")
    wrong = f"{(int(totp_code(official)) + 500_000) % 1_000_000:06d}"

    response = log_in(page, "canbo.sai.ma", PASSWORD, otp=wrong)

    assert response is not None and response.status == 401
    expect(page.locator("#id_otp_token-error")).to_be_visible()


def test_citizen_is_refused_the_back_office(page: Page, audit, make_user) -> None:
    make_user(UserKind.CITIZEN, username="congdan.an")

    log_in(page, "congdan.an", PASSWORD)

    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.locator("header")).not_to_contain_text("Đăng nhập")
    expect(page.locator('header a[href="/backoffice/"]')).to_have_count(0)
    response = page.goto("/backoffice/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Không được phép")
    audit(page)
