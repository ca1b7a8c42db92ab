"""Public pages in Chromium: content in both languages, styles and scripts loaded, accessible, CSP-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

HOME_H1 = {
    "vi": "Thủ tục hành chính trực tuyến và tại quầy",
    "en": "Administrative procedures, online and at the counter",
}


@pytest.mark.parametrize(("browser_locale", "lang"), [("vi", "vi"), ("en", "en"), ("fr-FR", "vi")])
def test_home_page(page: Page, audit, browser_locale: str, lang: str) -> None:
    """Vietnamese by default (also for a browser asking for a language the site lacks), English on request."""
    response = page.goto("/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(HOME_H1[lang])
    main = page.locator("main")
    expect(main.locator('a[href="/agencies/"]')).to_be_visible()
    expect(main.locator('a[href="/accounts/login/"]')).to_be_visible()
    audit(page)


def test_stylesheet_fonts_and_scripts_load(page: Page, audit) -> None:
    """The compiled GOV.UK-based stylesheet applies, Be Vietnam Pro (Vietnamese subset) loads, the JS runs."""
    fonts = []
    page.on(
        "response", lambda r: fonts.append((r.url.rsplit("/", 1)[-1], r.status)) if r.url.endswith(".woff2") else None
    )
    page.goto("/")
    page.evaluate("() => document.fonts.ready")
    style = page.evaluate(
        """() => ({
          bodyFont: getComputedStyle(document.body).fontFamily,
          h1Font: getComputedStyle(document.querySelector('h1')).fontFamily,
          header: getComputedStyle(document.querySelector('.govuk-header')).backgroundColor,
          loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family + ' ' + f.weight),
          frontendSupported: document.body.classList.contains('govuk-frontend-supported'),
          htmx: typeof window.htmx,
        })"""
    )
    assert "Be Vietnam Pro" in style["bodyFont"]
    assert "Be Vietnam Pro" in style["h1Font"]
    assert style["header"] == "rgb(165, 15, 21)"  # #a50f15
    assert {"Be Vietnam Pro 400", "Be Vietnam Pro 700"} <= {f.replace('"', "") for f in style["loaded"]}, style
    assert ("be-vietnam-pro-vietnamese-400-normal.woff2", 200) in fonts, fonts
    assert ("be-vietnam-pro-vietnamese-700-normal.woff2", 200) in fonts, fonts
    assert style["frontendSupported"], "frontend/js/app.js did not run (govuk-frontend not initialised)"
    assert style["htmx"] == "object", "htmx did not load"
    audit(page)


def test_language_switch(page: Page, audit) -> None:
    """The header's language buttons post to /i18n/setlang/ and come back to the same page."""
    page.goto("/agencies/?q=hoan+kiem")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    vi_button = page.locator('form[action="/i18n/setlang/"] button[value="vi"]')
    expect(vi_button).to_be_disabled()
    expect(vi_button).to_have_attribute("aria-current", "true")

    with page.expect_request(lambda r: r.url.endswith("/i18n/setlang/") and r.method == "POST"):
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/agencies/?q=hoan+kiem")
    expect(page.locator("h1")).to_have_text("Agencies")
    expect(page.locator("#result-count")).to_have_text("2 agencies found")
    expect(page.get_by_role("button", name="English")).to_be_disabled()
    audit(page)

    page.goto("/")  # the choice sticks (language cookie)
    expect(page.locator("h1")).to_have_text(HOME_H1["en"])
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text(HOME_H1["vi"])
    audit(page)


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_agencies_search_without_diacritics(page: Page, audit, browser_locale: str) -> None:
    page.goto("/agencies/")
    page.locator("#q").fill("hoan kiem")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/agencies/\?q=hoan\+kiem"))
    names = page.locator("main table tbody tr td:first-child")
    expect(names).to_have_text(
        ["Ủy ban nhân dân Phường Hoàn Kiếm", "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm"]
    )
    expect(page.locator("#q")).to_have_value("hoan kiem")
    expect(page.locator("#result-count")).to_have_text(
        {"vi": "Tìm thấy 2 cơ quan", "en": "2 agencies found"}[browser_locale]
    )
    audit(page)


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_login_page(page: Page, audit, browser_locale: str) -> None:
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", browser_locale)
    expect(page.locator("h1")).to_have_text({"vi": "Đăng nhập", "en": "Log in"}[browser_locale])
    for field in ("#id_username", "#id_password", "#id_otp_token"):
        expect(page.locator(field)).to_be_visible()
    audit(page)
