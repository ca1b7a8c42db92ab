"""Fees in Chromium: a citizen pays a before-processing fee through the sandbox gateway (pages audited:
axe and CSP), downloads the e-receipt, pays another dossier by VietQR page view; then the one-stop officer
sees the payment in the back office and can receive the dossier. Set ``MOTCUA_SHOTS_DIR`` for screenshots."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import Staff, publish, staff_for
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import fee_definition, file_online
from tests.e2e.flows import log_in, totp_code
from tests.e2e.payments_flow import pay_in_sandbox

pytestmark = pytest.mark.e2e


def _shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"payments-{name}.png", full_page=True, animations="disabled")


@pytest.fixture
def people(server: LiveServer, make_user: Callable[..., User], settings: Any) -> Staff:
    engine_cache_clear()
    publish(fee_definition())
    settings.PUBLIC_URL = server.url
    return staff_for(make_user)


def test_citizen_pays_in_the_sandbox_then_the_desk_receives(
    page: Page, audit: Callable[[Page], None], people: Staff
) -> None:
    dossier = file_online(people)
    log_in(page, people.citizen.get_username(), PASSWORD)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"/pay/{dossier.code}/")
    expect(page.locator("h1")).to_have_text("Nộp phí, lệ phí của hồ sơ")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # nothing runs off a phone
    _shot(page, "pay")
    pay_in_sandbox(page, dossier.code, audit)
    _shot(page, "paid")
    page.set_viewport_size({"width": 1280, "height": 900})
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == "paid" and payment.provider == "vnpay"

    page.locator("#back-to-fees").click()
    receipt = page.locator(f"#receipt-{payment.pk}")
    expect(receipt).to_be_visible()
    audit(page)
    pdf = page.request.get(receipt.get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"

    page.context.clear_cookies()
    log_in(page, people.officer.get_username(), PASSWORD, otp=totp_code(people.officer))
    page.wait_for_url("**/backoffice/")
    page.goto("/backoffice/payments/")
    expect(page.locator("#payments")).to_contain_text(dossier.code)
    audit(page)
    _shot(page, "list")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.locator("#payment-status")).to_have_text("Đã thanh toán")
    audit(page)
    _shot(page, "detail")
    page.goto(f"/backoffice/desk/dossiers/{dossier.code}/")
    page.locator("#action-receive").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Dossier.objects.get(pk=dossier.pk).state != "submitted"


def test_vietqr_page_and_counter_collection(page: Page, audit: Callable[[Page], None], people: Staff) -> None:
    dossier = file_online(people)
    log_in(page, people.citizen.get_username(), PASSWORD)
    page.goto(f"/pay/{dossier.code}/")
    page.locator("label[for=gateway-vietqr]").click()
    page.locator("#pay-continue").click()
    expect(page.locator("#vietqr svg")).to_be_visible()
    audit(page)
    _shot(page, "vietqr")

    page.context.clear_cookies()
    log_in(page, people.officer.get_username(), PASSWORD, otp=totp_code(people.officer))
    page.wait_for_url("**/backoffice/")
    payment = Payment.objects.get(dossier=dossier)
    page.goto(f"/backoffice/payments/{payment.pk}/")
    page.locator("#collect-method").select_option("qr")
    page.locator("#collect-reference").fill("FT25112512345")
    page.locator("#collect-submit").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("#receipt-link")).to_be_visible()
    audit(page)
    _shot(page, "collected")
