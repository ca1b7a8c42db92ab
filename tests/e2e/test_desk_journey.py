"""The one-stop desk in Chromium, end to end: counter intake of a walk-in citizen at a commune desk with the
receipt, assignment with a personal deadline, transfer to Sở Tư pháp, a supplement requested and answered
through the desk, the leader signing the e-result with their key (registered with its number), the result
handed to the desk, and its return with the citizen's signature drawn on the screen. Every page audited
(axe, CSP). Set ``MOTCUA_SHOTS_DIR`` to keep the screenshots."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, ResultEntry, ResultReturn
from motcua.dossiers.tests.conftest import CODE, PERSON, Staff, procedure, staff
from motcua.dossiers.tests.test_results import signing_pki
from motcua.signing.demo_pki import DEMO_PASSPHRASE
from tests.e2e.flows import log_in, totp_code
from tests.e2e.support import LOCALES, VIEWPORT, PageProblems

pytestmark = pytest.mark.e2e
__all__ = ["procedure", "signing_pki", "staff"]


def shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"desk-{name}.png", full_page=True, animations="disabled")


class Officials:
    """A browser context per official, logged in once (a TOTP code is accepted only once per 30 s window)."""

    def __init__(self, browser: Browser, server: LiveServer, problems: PageProblems) -> None:
        self.browser, self.server, self.problems = browser, server, problems
        self.pages: dict[int, Page] = {}

    def page(self, user: User) -> Page:
        if user.pk not in self.pages:
            context = self.browser.new_context(
                base_url=self.server.url, locale=LOCALES["vi"], timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORT
            )
            context.set_default_timeout(15_000)
            self.problems.watch(context)
            page = context.new_page()
            log_in(page, user.get_username(), PASSWORD, otp=totp_code(user))
            page.wait_for_url("**/backoffice/")
            self.pages[user.pk] = page
        return self.pages[user.pk]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def act(page: Page, audit: Callable[[Page], None], code: str, button: str, name: str = "") -> None:
    """Open the dossier page, press ``button``, expect the success banner; audit both states."""
    page.goto(f"/backoffice/desk/dossiers/{code}/")
    audit(page)
    page.locator(button).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    if name:
        shot(page, name)
    audit(page)


@pytest.fixture
def officials(browser: Browser, server: LiveServer, problems: PageProblems) -> Iterator[Officials]:
    found = Officials(browser, server, problems)
    yield found
    found.close()


def test_desk_counter_intake_to_return_with_signature(
    officials: Officials, audit: Callable[[Page], None], staff: Staff, signing_pki: object
) -> None:
    page = officials.page(staff.officer)
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
    shot(page, "intake")
    audit(page)
    page.locator("#intake-submit").click()
    expect(page.locator("#receipt-link")).to_be_visible()
    dossier = Dossier.objects.get(submitter_id_number=PERSON.id_number)
    code = dossier.code
    expect(page.locator("h1")).to_contain_text(code)
    shot(page, "received")
    audit(page)
    receipt = page.request.get(page.locator("#receipt-link").get_attribute("href") or "")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"

    leader = officials.page(staff.commune_leader)
    leader.goto("/backoffice/desk/?list=process")
    expect(leader.locator("#worklist")).to_contain_text(code)
    leader.locator("#q").fill(PERSON.id_number)
    leader.locator("form[role=search] button").click()
    expect(leader).to_have_url(re.compile(f"q={PERSON.id_number}"))
    expect(leader.locator("#worklist")).to_contain_text(code)
    shot(leader, "worklist")
    audit(leader)
    leader.goto(f"/backoffice/desk/dossiers/{code}/")
    leader.locator("#assign-assignee").select_option(str(staff.specialist.pk))
    leader.locator("#assign-days").fill("1")
    leader.locator("#action-assign").click()
    expect(leader.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(leader.locator("#dossier-handler-due")).to_be_visible()
    audit(leader)

    act(officials.page(staff.specialist), audit, code, "#action-move-forward", "transferred")
    desk = officials.page(staff.officer)
    desk.goto(f"/backoffice/desk/dossiers/{code}/")
    desk.locator("#request_supplement-reason").fill("Thiếu bản sao giấy khai sinh có chứng thực")
    desk.locator("#action-request-supplement").click()
    expect(desk.locator("#dossier-state")).to_have_text("Yêu cầu bổ sung giấy tờ")
    shot(desk, "supplement")
    audit(desk)
    desk.locator("#answer-items").fill("Bản sao giấy khai sinh có chứng thực")
    desk.locator("#action-answer-supplement").click()
    expect(desk.locator("#dossier-state")).to_have_text("Đang xử lý")
    audit(desk)

    act(officials.page(staff.dept_specialist), audit, code, "#action-move-submit", "appraised")
    director = officials.page(staff.dept_leader)
    director.goto("/backoffice/desk/?list=sign")
    expect(director.locator("#worklist")).to_contain_text(code)
    shot(director, "to-sign")
    audit(director)
    director.goto(f"/backoffice/desk/dossiers/{code}/")
    director.locator("#sign-pin").fill(DEMO_PASSPHRASE)
    director.locator("#action-sign").click()
    expect(director.locator(".govuk-notification-banner--success")).to_be_visible()
    entry = ResultEntry.objects.get(dossier__code=code)
    expect(director.locator("#results")).to_contain_text(entry.label)
    expect(director.locator("#dossier-state")).to_have_text("Đã xử lý xong")
    shot(director, "signed")
    audit(director)
    pdf = director.request.get(f"/backoffice/desk/results/{entry.pk}/pdf/")
    assert pdf.ok and pdf.body() == bytes(entry.pdf or b"")
    director.goto("/backoffice/desk/results/")
    expect(director.locator("#register")).to_contain_text(entry.label)
    audit(director)
    act(director, audit, code, "#action-hand-result")

    act(desk, audit, code, "#action-confirm-result")
    pad = desk.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    desk.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    desk.mouse.down()
    for step in range(1, 12):
        desk.mouse.move(box["x"] + 30 + step * 25, box["y"] + box["height"] * (0.7 - 0.4 * (step % 2)), steps=3)
    desk.mouse.up()
    shot(desk, "collect")
    audit(desk)
    desk.locator("#action-collect").click()
    expect(desk.locator("#dossier-state")).to_have_text("Đã trả kết quả")
    expect(desk.locator("#return-stage")).to_contain_text(PERSON.name)
    shot(desk, "returned")
    audit(desk)
    signature = bytes(ResultReturn.objects.get(dossier__code=code).signature_png or b"")
    assert signature.startswith(b"\x89PNG") and len(signature) > 500
