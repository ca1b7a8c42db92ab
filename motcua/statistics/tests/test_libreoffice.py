"""Biểu 06's workbook opens in LibreOffice: converted to PDF headless (its own profile in a temporary folder, so
$HOME is left alone), the PDF's text holds the form's number, its title and the total row the JSON gives."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.selectors import agencies_under, form06
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, working_day
from motcua.statistics.xlsx import FIGURES, form06_xlsx

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    OFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (Debian: libreoffice-calc-nogui) or pdftotext (poppler-utils) is not installed",
)


def test_the_xlsx_converts_to_a_pdf_with_the_totals(staff: Staff, tmp_path: Path) -> None:
    assert OFFICE is not None and PDFTOTEXT is not None
    done = intake(staff, at(working_day(0)), "online")
    for verb in RESOLVE:
        act(staff, done.pk, verb, at(working_day(1)))
    intake(staff, at(working_day(1)))
    rollups_update_all()
    report = form06(
        allowed=agencies_under([staff.commune.pk]),
        agency_code=staff.commune.code,
        date_from=working_day(0),
        date_to=working_day(5),
    )
    assert report.total.values["received_total"] == 2
    source = tmp_path / "bieu06.xlsx"
    source.write_bytes(form06_xlsx(report))
    profile = tmp_path / "profile"
    command = [OFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = source.with_suffix(".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 0
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    words = " ".join(text.split())
    assert "Biểu số 06/VPCP/KSTT" in words and "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in words
    # the total row: its label, then the thirteen figures of the JSON in the form's order
    total = " ".join(str(report.total.values[k]) for k in FIGURES)
    assert f"Tổng cộng {total}" in words
    assert "THỦ TRƯỞNG CƠ QUAN" in words
