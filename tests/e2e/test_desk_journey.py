"""The one-stop desk in Chromium: counter intake of a walk-in citizen at a commune desk, the receipt, then
assignment by the commune leader, transfer to Sở Tư pháp, appraisal and approval there; every page audited
(axe, CSP). Set ``MOTCUA_SHOTS_DIR`` to keep the screenshots."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import CODE, PERSON, Staff, procedure, staff
from tests.e2e.flows import log_in, totp_code

pytestmark = pytest.mark.e2e
__all__ = ["procedure", "staff"]


def _shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"desk-{name}.png", full_page=True, animations="disabled")


def _as(page: Page, user: User) -> None:
    page.context.clear_cookies()
    log_in(page, user.get_username(), PASSWORD, otp=totp_code(user))
    page.wait_for_url("**/backoffice/")


def _act(page: Page, audit: Callable[[Page], None], code: str, button: str, name: str) -> None:
    page.goto(f"/backoffice/desk/dossiers/{code}/")
    audit(page)
    page.locator(button).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    _shot(page, name)
    audit(page)


def test_desk_counter_intake_to_approval(page: Page, audit: Callable[[Page], None], staff: Staff) -> None:
    _as(page, staff.officer)
    page.get_by_role("link", name="Bộ phận Một cửa và danh sách công việc").click()
    expect(page.locator("h1")).to_have_text("Danh sách công việc")
    audit(page)
    page.locator("a.govuk-button", has_text="Tiếp nhận hồ sơ trực tiếp tại quầy").click()
    page.locator("#procedure-choice").select_option(CODE)
    page.locator("#choose-procedure").click()
    page.locator("#submitter_name").fill(PERSON.name)
    page.locator("#submitter_id_number").fill(PERSON.id_number)
    page.locator("#submitter_phone").fill(PERSON.phone)
    page.get_by_label("Tờ khai", exact=True).check()
    _shot(page, "intake")
    audit(page)
    page.locator("#intake-submit").click()
    expect(page.locator("#receipt-link")).to_be_visible()
    dossier = Dossier.objects.get(submitter_id_number=PERSON.id_number)
    expect(page.locator("h1")).to_contain_text(dossier.code)
    _shot(page, "received")
    audit(page)
    receipt = page.request.get(page.locator("#receipt-link").get_attribute("href") or "")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"

    _as(page, staff.commune_leader)
    page.goto("/backoffice/desk/?list=process")
    expect(page.locator("#worklist")).to_contain_text(dossier.code)
    page.locator("#q").fill(PERSON.id_number)
    page.locator("form[role=search] button").click()
    expect(page).to_have_url(re.compile(f"q={PERSON.id_number}"))
    expect(page.locator("#worklist")).to_contain_text(dossier.code)
    _shot(page, "worklist")
    audit(page)
    page.goto(f"/backoffice/desk/dossiers/{dossier.code}/")
    page.locator("#assign-assignee").select_option(str(staff.specialist.pk))
    page.locator("#action-assign").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    audit(page)

    _as(page, staff.specialist)
    _act(page, audit, dossier.code, "#action-move-forward", "transferred")
    _as(page, staff.dept_specialist)
    _act(page, audit, dossier.code, "#action-move-submit", "appraised")
    _as(page, staff.dept_leader)
    _act(page, audit, dossier.code, "#action-move-approve", "approved")
    expect(page.locator("#dossier-state")).to_have_text("Đã xử lý xong")
    expect(page.locator("#timeline tbody tr")).to_have_count(6)
