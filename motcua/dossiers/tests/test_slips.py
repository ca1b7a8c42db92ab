"""Every slip renders as a PDF whose text carries the dossier code and its dates (pdftotext); kept once issued."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier, Slip
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.tests.test_api import token_for

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")


def text_of(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def _intake(staff: Staff) -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )


def _get(client: Client, token: str, url: str) -> Any:
    return client.get(f"/api/v1/dossiers{url}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_every_slip_is_a_pdf_with_the_code_and_dates(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk, staff.commune, staff.dept)
    d = _intake(staff)
    due = timezone.localtime(d.due_at)
    receipt = _get(client, token, f"/{d.code}/slips/receipt")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = text_of(receipt.content)
    assert d.code in text and "GIẤY TIẾP NHẬN HỒ SƠ" in text and "Nguyễn Văn An" in text
    assert f"ngày {due:%d} tháng {due:%m} năm {due:%Y}" in text
    assert _get(client, token, f"/{d.code}/slips/receipt").content == receipt.content  # kept as issued
    svc.dossier_request_supplement(
        actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Thiếu bản sao", items=["Bản sao CCCD"]
    )
    assert "Bản sao CCCD" in text_of(_get(client, token, f"/{d.code}/slips/supplement").content)
    svc.dossier_supplement_answer(actor=staff.actor("officer"), dossier_id=d.pk)
    d.refresh_from_db()
    assert d.due_at is not None
    later = d.due_at + dt.timedelta(days=7)
    svc.dossier_apologise(
        actor=staff.actor("commune_leader"),
        dossier_id=d.pk,
        reason="Cần xác minh thêm",
        new_due_at=later,
        at=d.received_at,
    )
    apology = text_of(_get(client, token, f"/{d.code}/slips/apology").content)
    assert "Cần xác minh thêm" in apology and f"{timezone.localtime(later):%d}" in apology
    control = text_of(_get(client, token, f"/{d.code}/slips/control").content)
    assert "Giao:" in control and d.code in control
    svc.dossier_stop(actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Theo đề nghị của cơ quan thuế")
    assert "DỪNG GIẢI QUYẾT" in text_of(_get(client, token, f"/{d.code}/slips/stop").content)
    refused = svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
    )
    svc.dossier_refuse(actor=staff.actor("officer"), dossier_id=refused.pk, reason="Không thuộc thẩm quyền")
    assert "Không thuộc thẩm quyền" in text_of(_get(client, token, f"/{refused.code}/slips/refusal").content)
    assert Slip.objects.count() == 6
    assert _get(client, token, f"/{refused.code}/slips/stop").status_code == 409


def test_register_pdf_and_xlsx(staff: Staff, client: Client) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    token = token_for(staff.desk)
    d = _intake(staff)
    today = timezone.localdate()
    pdf = _get(client, token, f"/registers/{staff.desk.code}?start={today}&end={today}")
    assert pdf.status_code == 200
    assert d.code in text_of(pdf.content) and "SỔ THEO DÕI HỒ SƠ" in text_of(pdf.content)
    xlsx = _get(client, token, f"/registers/{staff.desk.code}?start={today}&end={today}&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(row=2, column=2).value == d.code
    stranger = token_for(staff.other_commune)
    assert _get(client, stranger, f"/registers/{staff.desk.code}?start={today}&end={today}").status_code == 404
