"""Full-page screenshots of the main pages, checked to be real, plausible PNG images.

They go to pytest's temporary directory. To look at them, set ``MOTCUA_SHOTS_DIR`` (e.g.
``MOTCUA_SHOTS_DIR=/tmp/motcua-shots .venv/bin/pytest -m e2e tests/e2e/test_screenshots.py``) and the
test copies them there as ``<name>.png``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from motcua.accounts.constants import UserKind
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from tests.e2e.flows import log_in, totp_code
from tests.e2e.support import VIEWPORT, png_info

pytestmark = pytest.mark.e2e

MOBILE: ViewportSize = {"width": 390, "height": 844}


def _shoot(page: Page, tmp_path: Path, name: str, width: int) -> None:
    page.evaluate("() => document.fonts.ready")
    path = tmp_path / f"{name}.png"
    page_height = page.evaluate("() => document.documentElement.scrollHeight")
    page.screenshot(path=path, full_page=True, animations="disabled")
    info = png_info(path.read_bytes())
    assert info.width == width
    assert info.height == page_height >= 600, (info, page_height)
    assert info.size > 25_000, f"{name}.png is only {info.size} bytes: a blank page?"
    assert info.distinct_bytes > 40, f"{name}.png has almost no variation: a blank page?"
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(shots) / path.name)


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_home_screenshot(page: Page, audit, tmp_path: Path, browser_locale: str) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", browser_locale)
    _shoot(page, tmp_path, f"home-{browser_locale}", VIEWPORT["width"])
    audit(page)

    page.set_viewport_size(MOBILE)
    page.goto("/")
    # Narrow screens: the header's navigation folds behind the menu button (GOV.UK Frontend's JS).
    expect(page.locator(".govuk-header__menu-button")).to_be_visible()
    expect(page.locator("#navigation")).to_be_hidden()
    _shoot(page, tmp_path, f"home-{browser_locale}-mobile", MOBILE["width"])
    audit(page)


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_backoffice_screenshot(
    page: Page, audit, tmp_path: Path, make_user, commune_pc: Agency, browser_locale: str
) -> None:
    official = make_user(UserKind.OFFICIAL, username="lanhdao.hoankiem", full_name="Trần Văn Đức")
    membership_grant(user_id=official.pk, agency=commune_pc, role=Role.LEADER, title="Chủ tịch")
    membership_grant(
        user_id=official.pk, agency=Agency.objects.get(code="000.00.02.H26"), role=Role.SPECIALIST, title="Chuyên viên"
    )
    log_in(page, "lanhdao.hoankiem", PASSWORD, otp=totp_code(official))
    page.wait_for_url("**/backoffice/")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    _shoot(page, tmp_path, f"backoffice-{browser_locale}", VIEWPORT["width"])
    audit(page)
