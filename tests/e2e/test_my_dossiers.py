"""The citizen's own pages in Chromium: my dossiers (list, detail, supplement answered online, rating),
notifications, the document wallet, and the public tracking page with its challenge and live figures;
every page audited (axe, CSP), checked at 360 px wide for horizontal overflow, and, for the tracking form,
used with the keyboard alone. Set ``MOTCUA_SHOTS_DIR`` to keep the screenshots."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, ViewportSize, expect
from pypdf import PdfWriter

from conftest import PASSWORD
from motcua.dossiers.models import DocumentKind, Dossier
from motcua.dossiers.services.documents import document_store
from motcua.dossiers.tests.conftest import procedure
from motcua.notifications.tests.support import World, world_for

pytestmark = pytest.mark.e2e
__all__ = ["procedure"]

PHONE: ViewportSize = {"width": 360, "height": 800}


@pytest.fixture
def world(make_user, procedure, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return world_for(make_user)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shot(page: Page, name: str) -> None:
    if shots := os.environ.get("MOTCUA_SHOTS_DIR"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(shots) / f"mydossiers-{name}.png", full_page=True, animations="disabled")


def _fits_phone(page: Page, audit: Callable[[Page], None], name: str) -> None:
    """At 360 px the page must not scroll sideways; then back to the desktop size."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at 360 px"
    _shot(page, f"{name}-360")
    audit(page)
    if size:
        page.set_viewport_size(size)


def _check(page: Page, audit: Callable[[Page], None], name: str) -> None:
    _shot(page, name)
    audit(page)
    _fits_phone(page, audit, name)


def test_my_dossiers_supplement_rating_wallet(page: Page, audit: Callable[[Page], None], world: World) -> None:
    d = world.ask_supplement(world.receive(world.submit()))
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(world.citizen.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/my-dossiers/")
    expect(page.locator("h1")).to_have_text("Hồ sơ của tôi")
    _check(page, audit, "list")
    page.get_by_role("link", name=d.code).click()
    expect(page.locator("#expected")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Bản sao giấy khai sinh")
    _check(page, audit, "detail-supplement")

    page.locator("#answer-supplement").click()
    expect(page.locator("h1")).to_have_text("Bổ sung hồ sơ")
    _check(page, audit, "supplement")
    payload: FilePayload = {"name": "khai-sinh.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    page.locator("#file-0").set_input_files(files=[payload])
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    audit(page)
    assert Dossier.objects.get(pk=d.pk).state == "in_process"

    done = world.to_result(Dossier.objects.get(pk=d.pk))
    document_store(
        owner=world.citizen,
        content=_pdf(),
        name="ket-qua.pdf",
        kind=DocumentKind.RESULT,
        source_agency_id=world.staff.dept.pk,
        source_dossier_id=done.pk,
    )
    page.reload()
    download = page.get_by_role("link", name=re.compile("Tải kết quả điện tử"))
    expect(download).to_be_visible()
    response = page.request.get(download.get_attribute("href") or "")
    assert response.ok and response.body().startswith(b"%PDF")
    page.locator("#rate").click()
    _check(page, audit, "rate")
    page.get_by_label("Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#my-rating")).to_be_visible()
    audit(page)

    page.goto("/my-dossiers/notifications/")
    expect(page.locator("#notifications")).to_contain_text(d.code)
    _check(page, audit, "notifications")

    page.goto("/my-documents/")
    expect(page.locator("#documents")).to_contain_text("khai-sinh.pdf")
    expect(page.locator("#documents")).to_contain_text("ket-qua.pdf")
    _check(page, audit, "wallet")
    page.locator("#upload").click()
    _check(page, audit, "wallet-upload")


@pytest.mark.parametrize("browser_locale", ["vi", "en"])
def test_public_tracking_with_the_keyboard(
    page: Page, audit: Callable[[Page], None], world: World, browser_locale: str
) -> None:
    d = world.receive(world.submit())
    page.goto(f"/track/{d.code}/")
    expect(page.locator("#code")).to_have_value(d.code)
    _check(page, audit, f"track-{browser_locale}")
    label = page.locator("label[for=answer]").inner_text()
    a, b = (int(n) for n in re.findall(r"(\d+) \+ (\d+)", label)[0])
    page.locator("#code").focus()
    page.keyboard.press("Tab")
    page.keyboard.type(str(a + b))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(d.code)
    expect(page.locator("#progress")).to_contain_text("Nguyễn V** A**")
    expect(page.locator("#progress")).not_to_contain_text("Nguyễn Văn An")
    _check(page, audit, f"track-result-{browser_locale}")

    page.goto("/track/figures/")
    _check(page, audit, f"figures-{browser_locale}")
