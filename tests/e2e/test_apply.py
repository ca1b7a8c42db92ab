"""Applying online in Chromium: a citizen starts from the procedure page, picks where and the case, finds
the form prefilled from their own record, uploads one file (after a refused one), reuses an earlier
e-result from the wallet, reviews everything and submits. Every page is audited (axe, CSP) and kept as a
screenshot when ``MOTCUA_SHOTS_DIR`` is set."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect

from conftest import PASSWORD
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers.models import DocumentKind, Dossier
from motcua.dossiers.services import document_store
from motcua.dossiers.tests.test_uploads import EXE, raw_pdf
from motcua.portal.models import Draft
from motcua.portal.tests.test_apply_flow import AN_ID, APPLY_CODE, an, desk, media, procedure, register
from motcua.signing.samples import sample_result_pdf
from tests.e2e.flows import log_in

pytestmark = pytest.mark.e2e
__all__ = ["an", "desk", "media", "procedure", "register"]

NARROW = 360


def shot(page: Page, name: str, prefix: str = "apply") -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"{prefix}-{name}.png", full_page=True, animations="disabled")


def fits_narrow_screen(page: Page) -> None:
    """At 360 px nothing forces a sideways scroll."""
    size = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW
    if size:
        page.set_viewport_size(size)


def apply_in_browser(
    page: Page,
    audit: Callable[[Page], None],
    *,
    desk: Agency,
    wallet_name: str,
    code: str = APPLY_CODE,
    prefix: str = "apply",
    refused_first: bool = False,
) -> str:
    """From the procedure page to the confirmation: where, case, the prefilled form, one upload (after a
    refused one with ``refused_first``), one document of the wallet named ``wallet_name``, skip the optional
    one, review, submit. Returns the dossier code shown on the confirmation page."""

    def snap(name: str) -> None:
        shot(page, name, prefix)

    page.goto(f"/procedures/{code}/")
    page.locator("#apply").click()
    expect(page.locator("h1")).to_have_text("Trước khi bắt đầu")
    snap("1-start")
    audit(page)
    page.locator("#start").click()

    expect(page.locator("h1")).to_contain_text("Bạn muốn nộp hồ sơ ở đâu?")
    audit(page)
    page.locator("button.govuk-button", has_text="Tiếp tục").click()  # nothing chosen: a clear error
    expect(page.locator(".govuk-error-summary")).to_contain_text("Hãy chọn nơi nộp hồ sơ.")
    audit(page)
    page.locator("#agency").select_option(str(desk.pk))
    snap("2-where")
    page.locator("button.govuk-button", has_text="Tiếp tục").click()

    expect(page.locator("h1")).to_have_text("Bạn thuộc trường hợp nào?")
    audit(page)
    page.get_by_label("Cấp lần đầu").focus()  # this step with the keyboard alone
    page.keyboard.press("Space")
    expect(page.get_by_label("Cấp lần đầu")).to_be_checked()
    snap("3-case")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Điền tờ khai")
    # The Enter key's navigation is not awaited: wait until htmx (a deferred script) has run, or the change
    # event below could fire before htmx listens to it (seen on a loaded machine).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    expect(page.locator("#f-full_name")).to_have_value("Nguyễn Văn An")
    expect(page.locator("#f-personal_id")).to_have_value(AN_ID)
    expect(page.locator("#f-personal_id")).to_have_attribute("readonly", "")
    page.locator("#f-purpose").fill("Bổ sung hồ sơ xin việc")
    page.locator("#f-purpose").blur()
    expect(page.locator("#autosave")).to_contain_text("Đã lưu lúc")  # htmx saved the draft on change
    fits_narrow_screen(page)
    snap("4-form")
    audit(page)
    page.locator("button.govuk-button", has_text="Tiếp tục").click()

    expect(page.locator("h1")).to_have_text("Tờ khai")
    fits_narrow_screen(page)
    audit(page)
    if refused_first:
        page.locator("#file").set_input_files(
            files=[FilePayload(name="to-khai.pdf", mimeType="application/pdf", buffer=EXE)]
        )
        page.locator("#upload").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("chương trình hoặc tập lệnh")
        snap("5-refused")
        audit(page)
    page.locator("#file").set_input_files(
        files=[FilePayload(name="to-khai.pdf", mimeType="application/pdf", buffer=raw_pdf())]
    )
    page.locator("#upload").click()

    expect(page.locator("h1")).to_have_text("Giấy xác nhận cũ")
    page.get_by_label(wallet_name).check()
    snap("6-wallet")
    audit(page)
    page.locator("#use-wallet").click()

    expect(page.locator("h1")).to_have_text("Giấy tờ khác")
    audit(page)
    page.locator("button", has_text="Bỏ qua giấy tờ này").click()

    expect(page.locator("h1")).to_have_text("Kiểm tra hồ sơ trước khi nộp")
    expect(page.locator("main")).to_contain_text("to-khai.pdf")
    expect(page.locator("main")).to_contain_text(wallet_name)
    expect(page.locator("main")).to_contain_text("từ kho dữ liệu của bạn")
    fits_narrow_screen(page)
    snap("7-review")
    audit(page)
    page.locator("#submit").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Đã nộp hồ sơ")
    fits_narrow_screen(page)
    snap("8-done")
    audit(page)
    return page.locator("#dossier-code").inner_text()


def test_a_citizen_applies_with_one_upload_and_one_wallet_document(
    page: Page, audit: Callable[[Page], None], procedure, desk: Agency, an: User
) -> None:
    earlier = document_store(
        owner=an, content=sample_result_pdf(), name="Giấy xác nhận năm 2025.pdf", kind=DocumentKind.RESULT
    )
    log_in(page, an.get_username(), PASSWORD)
    code = apply_in_browser(page, audit, desk=desk, wallet_name="Giấy xác nhận năm 2025.pdf", refused_first=True)
    dossier = Dossier.objects.get(submitter_user_id=an.pk)
    assert code == dossier.code
    expect(page.locator("#pay")).to_have_attribute("href", f"/pay/{dossier.code}/")
    assert {c.document_id for c in dossier.components.all()} >= {earlier.pk}

    # Opening the review again (a back button, another tab) leads to the confirmation: no second dossier.
    draft = Draft.objects.get(dossier=dossier)
    page.goto(f"/apply/{draft.key}/review/")
    expect(page.locator("#dossier-code")).to_have_text(dossier.code)
    assert Dossier.objects.filter(submitter_user_id=an.pk).count() == 1
