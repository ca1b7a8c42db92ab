"""Uploads are checked by their content: what is refused, why (in Vietnamese), and that fuzz never gets in."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter

from motcua.dossiers.uploads import JPEG, PDF, PNG, UploadRejected, check_upload
from motcua.signing.samples import sample_result_pdf


def raw_pdf(catalog_extra: bytes = b"", *extra: bytes, pages: int = 1) -> bytes:
    """A small hand-made PDF (catalogue entries and objects as given), with a correct cross-reference table."""
    kids = b" ".join(b"%d 0 R" % (4 + len(extra) + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Producer (test) >>",
        *extra,
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.pdf", b"\0" * 50_000_000)  # 50 MB of zeros in about 50 KB
    return buffer.getvalue()


def pypdf_bytes(build: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    if build == "attachment":
        writer.add_attachment("virus.exe", b"MZ...")
    elif build == "encrypted":
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode."

# The six refusals of the acceptance criteria, plus the other active-content cases.
REFUSED = [
    ("renamed executable", EXE, "giay-khai-sinh.pdf", "executable", "chương trình"),
    ("PDF with JavaScript", raw_pdf(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>"), "a.pdf",
     "pdf_active_content", "tập lệnh"),
    ("zip bomb", zip_bomb(), "ho-so.pdf", "archive", "ZIP"),
    ("empty file", b"", "to-khai.pdf", "empty", "trống"),
    ("image with the wrong extension", image("PNG"), "anh.jpg", "wrong_extension", ".png"),
    ("JavaScript with an escaped name", raw_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"), "a.pdf",
     "pdf_active_content", "tập lệnh"),
    ("launch action", raw_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "a.pdf", "pdf_active_content", "chương trình"),
    ("embedded file", pypdf_bytes("attachment"), "a.pdf", "pdf_embedded_files", "đính kèm"),
    ("encrypted PDF", pypdf_bytes("encrypted"), "a.pdf", "pdf_encrypted", "mật khẩu"),
    ("truncated PDF", b"%PDF-1.7\n1 0 obj <<", "a.pdf", "unreadable", "hỏng"),
    ("truncated JPEG", image("JPEG")[:60], "a.jpg", "unreadable", "hỏng"),
    ("shell script", b"#!/bin/sh\nrm -rf /\n", "a.pdf", "executable", "chương trình"),
    ("HTML page", b"<html><script>alert(1)</script></html>", "a.png", "executable", "chương trình"),
    ("ELF binary", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "a.png", "executable", "chương trình"),
    ("text file", b"hello", "a.pdf", "unsupported_type", "PDF, JPEG"),
    ("gzip archive", b"\x1f\x8b\x08\x00" + b"\x00" * 50, "a.pdf", "archive", "ZIP"),
]  # fmt: skip


@pytest.mark.parametrize(("label", "content", "name", "code", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_a_clear_vietnamese_message(label, content, name, code, words):
    with translation.override("vi"), pytest.raises(UploadRejected) as caught:
        check_upload(content, name)
    assert caught.value.code == code
    assert words in str(caught.value), str(caught.value)
    assert caught.value.status == 422


def test_a_60_mb_file_is_refused_as_too_large(settings):
    settings.UPLOAD_MAX_MB = 20
    with translation.override("vi"), pytest.raises(UploadRejected) as caught:
        check_upload(b"%PDF-1.7\n" + b"0" * (60 * 1024 * 1024), "lon.pdf")
    assert caught.value.code == "too_large"
    assert "20 MB" in str(caught.value)
    assert "quá lớn" in str(caught.value)


def test_the_page_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_PAGES = 3
    assert check_upload(raw_pdf(pages=3), "ba-trang.pdf").pages == 3
    with pytest.raises(UploadRejected) as caught:
        check_upload(raw_pdf(pages=4), "bon-trang.pdf")
    assert caught.value.code == "too_many_pages"


def test_a_decompression_bomb_image_is_refused(settings):
    settings.UPLOAD_MAX_MEGAPIXELS = 1
    with pytest.raises(UploadRejected) as caught:
        check_upload(image("PNG", (1200, 1000)), "lon.png")
    assert caught.value.code == "image_too_large"


@pytest.mark.parametrize(
    ("content", "name", "kind", "extension", "pages"),
    [
        (raw_pdf(), "To khai.PDF", PDF, ".pdf", 1),
        (sample_result_pdf(pages=2), "ket-qua.pdf", PDF, ".pdf", 2),
        (image("JPEG"), "anh.jpeg", JPEG, ".jpg", None),
        (image("JPEG"), "IMG_0001.JPG", JPEG, ".jpg", None),
        (image("PNG"), "scan.png", PNG, ".png", None),
    ],
)
def test_accepted_files_are_described_by_their_content(content, name, kind, extension, pages):
    checked = check_upload(content, name)
    assert (checked.content_type, checked.extension, checked.size, checked.pages) == (
        kind,
        extension,
        len(content),
        pages,
    )
    assert len(checked.sha256) == 64


_PREFIXES = st.sampled_from([b"", b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"MZ"])
_NAMES = st.sampled_from(["a.pdf", "a.jpg", "a.png", "a", "a.exe", "../../etc/passwd.pdf", "a.PDF"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=st.binary(max_size=4096), name=_NAMES)
def test_fuzz_never_crashes_and_accepts_only_pdf_jpeg_png(prefix, body, name):
    content = prefix + body
    try:
        checked = check_upload(content, name)
    except UploadRejected as exc:
        rejected: UploadRejected | None = exc
    else:
        rejected = None
    if rejected is not None:
        assert rejected.code and str(rejected)
        return
    assert checked.content_type in {PDF, JPEG, PNG}
    assert content.startswith({PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG"}[checked.content_type])
    assert name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_mutated_valid_files_never_crash(data):
    """Valid files with bytes flipped, cut or inserted: refused or accepted, never an unexpected error."""
    base = data.draw(st.sampled_from([raw_pdf(), image("PNG"), image("JPEG")]))
    name = {b"%": "a.pdf", b"\x89": "a.png", b"\xff": "a.jpg"}[base[:1]]
    position = data.draw(st.integers(0, len(base) - 1))
    kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    if kind == "flip":
        mutated = base[:position] + bytes([base[position] ^ 0xFF]) + base[position + 1 :]
    elif kind == "cut":
        mutated = base[:position]
    else:
        mutated = base[:position] + data.draw(st.binary(min_size=1, max_size=64)) + base[position:]
    try:
        checked = check_upload(mutated, name)
    except UploadRejected:
        return
    assert checked.content_type in {PDF, JPEG, PNG}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2048), catalog=st.binary(max_size=256))
def test_fuzz_inside_a_well_framed_pdf_is_judged_by_the_parser_never_crashing(body, catalog):
    """Random objects and catalogue entries behind a valid header and cross-reference pointer reach pypdf
    (in its child process): whatever they hold, the answer is a verdict, never an error."""
    content = raw_pdf(catalog, body)
    try:
        checked = check_upload(content, "a.pdf")
    except UploadRejected as exc:
        rejected: UploadRejected | None = exc
    else:
        rejected = None
    if rejected is not None:
        assert rejected.code in {"unreadable", "pdf_active_content", "pdf_embedded_files", "pdf_encrypted"}
        return
    assert checked.content_type == PDF and checked.pages == 1
