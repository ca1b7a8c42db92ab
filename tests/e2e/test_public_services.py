"""The catalogue, verification and 'who looked at my data' pages in Chromium: content, accessibility,
CSP, and the procedure page on a 360 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from motcua.accounts.constants import UserKind
from motcua.catalog.services.demo import catalog_load_demo
from tests.e2e.flows import log_in
from tests.e2e.support import png_info

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(server) -> None:
    catalog_load_demo()


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_catalogue_search_ignores_diacritics_and_word_order(page: Page, audit, catalogue, browser_locale: str) -> None:
    page.goto("/procedures/?q=khai+sinh+dang+ky")
    first = page.locator("main a[href^='/procedures/1.']").first
    expect(first).to_have_attribute("href", "/procedures/1.001193/")
    expect(first).to_contain_text(re.compile("đăng ký khai sinh", re.IGNORECASE))
    audit(page)


def test_procedure_page_reads_on_a_360px_phone(page: Page, audit, catalogue, tmp_path) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    response = page.goto("/procedures/1.001193/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text(re.compile("đăng ký khai sinh", re.IGNORECASE))
    expect(page.locator("main")).to_contain_text("Nộp hồ sơ trực tuyến")
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 360, f"the page is {overflow}px wide on a 360px screen"
    page.evaluate("() => document.fonts.ready")
    shot = tmp_path / "procedure-360.png"
    page.screenshot(path=shot, full_page=True, animations="disabled")
    info = png_info(shot.read_bytes())
    assert info.width == 360
    assert info.size > 20_000
    audit(page)


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_verification_page(page: Page, audit, server, browser_locale: str) -> None:
    response = page.goto("/verify/")
    assert response is not None and response.status == 200
    expect(page.locator("main input[type=file]")).to_have_count(1)
    audit(page)


def test_citizen_sees_who_looked_at_their_data(page: Page, audit, make_user) -> None:
    make_user(UserKind.CITIZEN, username="an", personal_id="001090012345", full_name="Nguyễn Văn An")
    log_in(page, "an", PASSWORD)
    response = page.goto("/my-data/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    audit(page)
