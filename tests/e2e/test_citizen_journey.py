"""The citizen's whole journey in Chromium, on the real pieces: a citizen logs in through the OpenID Connect
provider (npm oidc-provider), files a full-process procedure with a fee (name and ID prefilled from the
register, one upload, one earlier e-result reused from the wallet), pays in the sandbox gateway; the
one-stop officer receives it and asks for a supplement, which the citizen answers online; the commune's
specialist forwards it to Sở Tư pháp, whose specialist appraises it and whose leader signs the e-result;
the citizen downloads the e-result and rates the service. The e-mails of the journey arrive at a real SMTP
server with the dossier code and a link that opens the dossier. Every page is audited (axe, CSP); set
``MOTCUA_SHOTS_DIR`` to keep a screenshot of each page."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from motcua.accounts.models import User
from motcua.dossiers.models import Document, DocumentKind, Dossier
from motcua.dossiers.services import document_store
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import Staff, publish, staff_for
from motcua.feedback.models import Rating
from motcua.portal.tests.test_apply_flow import AN_ID, apply_definition
from motcua.registry.services.population import registry_ensure_person
from motcua.signing.demo_pki import DEMO_PASSPHRASE, DemoSigner, demo_pki_build
from motcua.signing.samples import sample_result_pdf
from tests.e2e.flows import log_in, totp_code
from tests.e2e.payments_flow import pay_in_sandbox
from tests.e2e.support import LOCALES, VIEWPORT, PageProblems
from tests.e2e.test_apply import apply_in_browser
from tests.oidc.fixtures import CITIZEN, OidcProvider, log_in_with_national_id
from tests.smtp import SmtpServer

pytest_plugins = ["tests.oidc.fixtures"]
pytestmark = pytest.mark.e2e

JOURNEY_CODE = "9.900079"
WALLET_NAME = "Giấy xác nhận cấp năm 2025.pdf"


def shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"journey-{name}.png", full_page=True, animations="disabled")


@pytest.fixture
def staff_page(browser: Browser, server: LiveServer, problems: PageProblems) -> Iterator[Page]:
    """A second browser (its own cookies) for the officials, watched like the citizen's."""
    context = browser.new_context(
        base_url=server.url, locale=LOCALES["vi"], timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORT
    )
    context.set_default_timeout(10_000)
    problems.watch(context)
    yield context.new_page()
    context.close()


@pytest.fixture
def staff(make_user: Callable[..., User], settings: Any, tmp_path: Path, server: LiveServer) -> Staff:
    """The two-level procedure with a form, a fee and full-process delivery; its staff; the citizen's record
    in the register; a demo PKI with a signing key for Sở Tư pháp's leader."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_URL = server.url
    engine_cache_clear()
    definition = apply_definition(code=JOURNEY_CODE, fee=50_000)
    definition |= {"name": "Cấp giấy xác nhận (thử nghiệm toàn trình)", "online_level": "full"}
    definition["full_process_eligible"] = True
    publish(definition)
    staff = staff_for(make_user)
    registry_ensure_person(
        actor="test", personal_id=AN_ID, full_name=CITIZEN["HoVaTen"], sex="M",
        birth_date=dt.date.fromisoformat(CITIZEN["NgayThangNamSinh"]), unit_code="00070",
    )  # fmt: skip
    leader = staff.dept_leader
    signer = DemoSigner(leader.get_username(), leader.full_name, staff.dept.code, staff.dept.name, "Giám đốc")
    pki = demo_pki_build(tmp_path / "pki", [signer])
    settings.SIGNING_PKI_DIR = pki.directory
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_pem)]
    settings.SIGNING_CRL_FILES = [str(p) for p in sorted((pki.directory / "crl").glob("*.crl"))]
    settings.SIGNING_TSA_URL = ""
    settings.SIGNING_KEY_PROVIDER = "pkcs12"
    return staff


def as_official(page: Page, user: User) -> None:
    page.context.clear_cookies()
    log_in(page, user.get_username(), PASSWORD, otp=totp_code(user))
    page.wait_for_url("**/backoffice/")


def desk_action(page: Page, audit: Callable[[Page], None], code: str, name: str, act: Callable[[], None]) -> None:
    page.goto(f"/backoffice/desk/dossiers/{code}/")
    audit(page)
    act()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    shot(page, name)
    audit(page)


def pay(page: Page, audit: Callable[[Page], None], code: str) -> None:
    """From the confirmation page's "Pay now" button to the payments page, then the sandbox gateway."""
    page.locator("#pay").click()
    expect(page).to_have_url(re.compile(f"/pay/{re.escape(code)}/$"))
    expect(page.locator("main")).to_contain_text("50.000")
    shot(page, "pay")
    pay_in_sandbox(page, code, audit)
    shot(page, "paid")


def test_citizen_journey_from_national_login_to_rating(
    page: Page,
    staff_page: Page,
    audit: Callable[[Page], None],
    staff: Staff,
    oidc_provider: OidcProvider,
    smtp_server: SmtpServer,
    server: LiveServer,
) -> None:
    # 1. Log in with the national identity; an earlier e-result is already in the wallet.
    log_in_with_national_id(page, oidc_provider, start="/accounts/login/?next=/")
    citizen = User.objects.get(oidc_subject="congdan")
    assert citizen.personal_id == AN_ID
    document_store(
        owner=citizen,
        content=sample_result_pdf(),
        name=WALLET_NAME,
        kind=DocumentKind.RESULT,
        source_agency_id=staff.commune.pk,
    )

    # 2. Apply: prefilled name and ID, one upload, one reused e-result; the confirmation shows the code.
    code = apply_in_browser(page, audit, desk=staff.desk, wallet_name=WALLET_NAME, code=JOURNEY_CODE, prefix="journey")
    dossier = Dossier.objects.get(code=code)
    assert (dossier.submitter_user_id, dossier.submitter_id_number, dossier.channel) == (citizen.pk, AN_ID, "online")
    assert sorted((c.from_store, c.reused) for c in dossier.components.all()) == [(False, False), (True, True)]

    # 3. Pay the fee in the sandbox gateway.
    pay(page, audit, code)

    # 4. The one-stop officer receives the dossier and asks for a supplement.
    as_official(staff_page, staff.officer)
    desk_action(staff_page, audit, code, "received", lambda: staff_page.locator("#action-receive").click())

    def ask() -> None:
        staff_page.locator("#request_supplement-reason").fill("Thiếu bản sao giấy khai sinh có chứng thực")
        staff_page.locator("#action-request-supplement").click()

    desk_action(staff_page, audit, code, "supplement-requested", ask)

    # 5. The citizen answers the supplement online.
    page.goto(f"/my-dossiers/{code}/")
    shot(page, "my-dossier-supplement")
    audit(page)
    page.locator("#answer-supplement").click()
    expect(page.locator("h1")).to_have_text("Bổ sung hồ sơ")
    audit(page)
    payload = FilePayload(name="khai-sinh.pdf", mimeType="application/pdf", buffer=sample_result_pdf(title="BẢN SAO"))
    page.locator("input[type=file]").first.set_input_files(files=[payload])
    shot(page, "supplement")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    audit(page)

    # 6. Processed across two agencies: the commune forwards to Sở Tư pháp, whose leader signs the result.
    as_official(staff_page, staff.specialist)
    desk_action(staff_page, audit, code, "forwarded", lambda: staff_page.locator("#action-move-forward").click())
    as_official(staff_page, staff.dept_specialist)
    desk_action(staff_page, audit, code, "appraised", lambda: staff_page.locator("#action-move-submit").click())
    as_official(staff_page, staff.dept_leader)

    def sign() -> None:
        staff_page.locator("#sign-pin").fill(DEMO_PASSPHRASE)
        staff_page.locator("#action-sign").click()

    desk_action(staff_page, audit, code, "signed", sign)
    result = Document.objects.get(owner=citizen, source_dossier__code=code, kind=DocumentKind.RESULT)

    # 7. The citizen downloads the signed e-result and rates the service.
    page.goto(f"/my-dossiers/{code}/")
    download = page.get_by_role("link", name=re.compile("Tải kết quả điện tử"))
    expect(download).to_be_visible()
    shot(page, "my-dossier-result")
    audit(page)
    response = page.request.get(download.first.get_attribute("href") or "")
    assert response.ok and response.body().startswith(b"%PDF")
    assert b"/ByteRange" in response.body()  # signed
    assert result.size == len(response.body())
    page.locator("#rate").click()
    shot(page, "rate")
    audit(page)
    page.get_by_label("Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#my-rating")).to_be_visible()
    shot(page, "rated")
    audit(page)
    assert Rating.objects.filter(dossier__code=code).exists()

    # 8. The e-mails of the journey: each names the dossier and links to the citizen's page of it, which
    # opens; the supplement request says what is missing.
    messages = smtp_server.wait_for(3)
    assert {m["To"] for m in messages} == {CITIZEN["ThuDienTu"]}
    bodies = [smtp_server.body(m) for m in messages]
    link = f"{server.url}/my-dossiers/{code}/"
    for message, body in zip(messages, bodies, strict=True):
        assert code in str(message["Subject"]), message["Subject"]
        assert link in body, body
    assert any("Thiếu bản sao giấy khai sinh có chứng thực" in body for body in bodies)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(code)
    audit(page)
