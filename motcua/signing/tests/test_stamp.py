"""The visible stamp: Vietnamese text in an embedded TrueType font, and a QR code to the verification page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign
from motcua.signing.stamp import QrCode, Stamp
from motcua.signing.tests.conftest import LEADER, PIN, require_tool

pytestmark = pytest.mark.django_db
SHOTS = Path("/tmp/motcua-shots")  # noqa: S108 - where the reviewer looks at screenshots


def test_visible_stamp_renders_vietnamese(official, demo, trust, result_pdf, tmp_path):
    stamp = Stamp(
        "Phạm Văn Lãnh",
        "Phó Chủ tịch UBND",
        "UBND Phường Hoàn Kiếm",
        authority="KT. CHỦ TỊCH",
        box=(300, 60, 560, 160),
        verification_url="http://127.0.0.1:8000/verify/Ab3dEfGh1jKlMnOpQrStUv/",
    )
    signed = pdf_sign(actor=official, pdf=result_pdf, key=demo.provider(LEADER), pin=PIN, trust=trust, stamp=stamp)
    assert pdf_verify(signed.data, trust=trust).all_valid

    pdf = tmp_path / "stamped.pdf"
    pdf.write_bytes(signed.data)
    subprocess.run(
        [require_tool("pdftoppm"), "-r", "110", "-png", "-singlefile", str(pdf), str(tmp_path / "stamp")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = tmp_path / "stamp.png"
    assert png.stat().st_size > 10_000  # kept as the test's artefact (pytest's tmp_path); looked at by a person
    # the stamp alone at 300 dpi, to read the diacritics: box (300, 60)–(560, 160) pt on an 842 pt page
    subprocess.run(
        [
            require_tool("pdftoppm"),
            "-r",
            "300",
            "-png",
            "-singlefile",
            "-x",
            "1240",
            "-y",
            "2830",
            "-W",
            "1100",
            "-H",
            "430",
            str(pdf),
            str(tmp_path / "stamp-zoom"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(png, SHOTS / "signing-stamp.png")
    shutil.copy(tmp_path / "stamp-zoom.png", SHOTS / "signing-stamp-zoom.png")


def test_qr_code_is_drawn_as_vector_modules():
    qr = QrCode("http://127.0.0.1:8000/verify/abc/", 80)
    content = qr.render()
    assert content.count(b" re") > 100 and content.endswith(b"f Q")
    assert qr.box.width == 80 and qr.box.height == 80
