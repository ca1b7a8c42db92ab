"""The statistics pages in Chromium: a commune leader opens the dashboard (charts drawn by Chart.js, with
their tables), Biểu 06 for a period, follows a figure to its dossiers and one dossier's summary, and the Decision 766 indicators; on a
desktop and on a 360 px wide screen, keyboard only for the period form. Every page audited (axe, CSP). Set
``MOTCUA_SHOTS_DIR`` to keep the screenshots."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from motcua.dossiers.tests.conftest import Staff, procedure, staff
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, intake
from tests.e2e.flows import log_in, totp_code

pytestmark = pytest.mark.e2e
__all__ = ["procedure", "staff"]
NARROW = {"width": 360, "height": 740}


def shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"statistics-{name}.png", full_page=True, animations="disabled")


def _fits(page: Page) -> None:
    """Nothing but the scrolling table regions is wider than the screen."""
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_leader_reads_the_statistics(page: Page, audit, staff: Staff) -> None:
    now = timezone.localtime()
    done = intake(staff, now - dt.timedelta(days=1), "online")
    for verb in RESOLVE:
        act(staff, done.pk, verb, now)
    waiting = intake(staff, now)
    rollups_update_all()

    log_in(page, staff.commune_leader.get_username(), PASSWORD, otp=totp_code(staff.commune_leader))
    page.wait_for_url("**/backoffice/")
    page.goto("/backoffice/statistics/")
    expect(page.locator("h1")).to_have_text("Màn hình điều hành của lãnh đạo")
    # Chart.js drew the weekly trend on its canvas; the same figures are in the table under it
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-weeks'))")
    expect(page.locator("#weeks tbody tr")).to_have_count(12)
    expect(page.locator("#periods tbody tr").first.locator("td a").first).to_have_text("2")
    shot(page, "dashboard")
    audit(page)

    page.goto("/backoffice/statistics/form06/")
    page.locator("#from").fill((now - dt.timedelta(days=2)).date().isoformat())
    page.locator("#to").fill(now.date().isoformat())
    page.locator("#children").focus()
    page.keyboard.press("Tab")  # the Show button, reached by the keyboard
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#total-received_total")).to_have_text("2")
    expect(page.locator("#form06-xlsx")).to_be_visible()
    shot(page, "form06")
    audit(page)

    page.locator("#total-in_progress_total").click()
    page.wait_for_url("**/backoffice/statistics/dossiers/**")
    expect(page.locator("#drill tbody tr")).to_have_count(1)
    expect(page.locator("#drill tbody")).to_contain_text(waiting.code)
    shot(page, "dossiers")
    audit(page)
    # the dossier's read-only summary, for a leader of the agency above the desk
    page.locator("#drill tbody a", has_text=waiting.code).click()
    page.wait_for_url(f"**/backoffice/statistics/dossiers/{waiting.code}/")
    expect(page.locator("#dossier-summary")).to_contain_text("Nguyễn V** A**")
    expect(page.locator("#timeline li").first).to_be_visible()
    shot(page, "dossier")
    audit(page)

    page.goto("/backoffice/statistics/index766/")
    expect(page.locator("#index766 tbody tr")).to_have_count(8)
    shot(page, "index766")
    audit(page)

    page.set_viewport_size(NARROW)  # type: ignore[arg-type]
    for path in ("", "form06/", "index766/", f"dossiers/{waiting.code}/"):
        page.goto(f"/backoffice/statistics/{path}")
        page.wait_for_load_state()
        _fits(page)
        audit(page)
    shot(page, "index766-360")
