"""Tampered, untrusted and modified documents are reported as such, by us and by pdfsig."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign
from motcua.signing.tests.conftest import LEADER, PIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(official, demo, trust, result_pdf) -> bytes:
    return pdf_sign(actor=official, pdf=result_pdf, key=demo.provider(LEADER), pin=PIN, trust=trust).data


def test_one_byte_changed_in_a_signed_range_is_invalid(signed, trust, pdfsig, tmp_path, client, pki_settings):
    position = 10  # inside the binary comment of the header: the file still parses, the digest cannot match
    tampered = signed[:position] + bytes([signed[position] ^ 0x01]) + signed[position + 1 :]

    with translation.override("en"):
        [sig] = pdf_verify(tampered, trust=trust).signatures
    assert not sig.valid and not sig.intact
    assert any("changed" in p for p in sig.problems)
    output = pdfsig(tampered, tmp_path)
    assert "Digest Mismatch" in output and "Signature is Valid." not in output

    page = client.post("/verify/", {"file": _upload(tampered)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Không hợp lệ" in page.content.decode()


def test_a_certificate_outside_the_trust_roots_is_untrusted(official, stranger, trust, result_pdf, pdfsig, tmp_path):
    signed = pdf_sign(actor=official, pdf=result_pdf, key=stranger.provider(LEADER), pin=PIN, trust=trust).data

    with translation.override("en"):
        [sig] = pdf_verify(signed, trust=trust).signatures
    assert sig.intact and not sig.trusted and not sig.valid
    assert any("trusted" in p for p in sig.problems)
    output = pdfsig(signed, tmp_path)
    assert "Signature is Valid." in output  # the maths is right…
    assert "Certificate is Trusted." not in output  # …but nobody vouches for the signer


def test_an_incremental_update_with_new_content_is_modified_after_signing(signed, trust, pdfsig, tmp_path):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    stream = generic.StreamObject(stream_data=b"q 0 0 1 rg 100 400 200 50 re f Q")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = BytesIO()
    writer.write(out)
    modified = out.getvalue()

    with translation.override("en"):
        [sig] = pdf_verify(modified, trust=trust).signatures
    assert sig.intact and sig.trusted  # what was signed is still intact…
    assert sig.modified_after_signing and not sig.covers_whole_document  # …but something was added after
    assert any("added" in p for p in sig.problems)
    output = pdfsig(modified, tmp_path)
    assert "Not total document signed" in output


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("document.bin", data, content_type="application/octet-stream")
