"""Verification for anyone, through the API and the pages: signatures, and the registered result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.constants import UserKind
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.signing.models import RegisteredResult
from motcua.signing.services import pdf_sign, result_reference_new, result_register, result_status_update
from motcua.signing.services.results import verification_url
from motcua.signing.stamp import Stamp
from motcua.signing.tests.conftest import LEADER, PIN, SEAL

pytestmark = pytest.mark.django_db


def _file(data: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def registered(official, demo, trust, result_pdf, pki_settings):
    reference = result_reference_new()
    stamp = Stamp("Phạm Văn Lãnh", "Phó Chủ tịch UBND", verification_url=verification_url(reference))
    first = pdf_sign(actor=official, pdf=result_pdf, key=demo.provider(LEADER), pin=PIN, trust=trust, stamp=stamp)
    second = pdf_sign(actor=official, pdf=first.data, key=demo.provider(SEAL), pin=PIN, trust=trust)
    result = result_register(
        actor=official,
        pdf=second.data,
        dossier_code="H26.99-261124-0001",
        public_status="Đã trả kết quả",
        reference=reference,
    )
    return result, second.data


def test_api_reports_each_signature_and_the_dossier(client, registered):
    _result, data = registered
    response = client.post("/api/v1/signing/verify", {"file": _file(data, "anything.txt")})

    assert response.status_code == 200
    body = response.json()
    assert body["all_valid"] is True
    assert [s["signer"] for s in body["signatures"]] == ["Phạm Văn Lãnh", "UBND Phường Hoàn Kiếm"]
    first = body["signatures"][0]
    assert first["valid"] and first["issuer"] == "CA UBND Phường Hoàn Kiếm" and first["signed_at"]
    assert first["modified_after_signing"] is False and first["timestamp"] is None
    assert first["registered_dossier"]["dossier_code"] == "H26.99-261124-0001"
    assert body["registered_dossier"] == {**first["registered_dossier"], "exact": True}
    assert first["registered_dossier"]["public_status"] == "Đã trả kết quả"


def test_api_refuses_what_is_not_a_pdf_by_content(client, pki_settings, settings):
    response = client.post("/api/v1/signing/verify", {"file": _file(b"MZ\x90\x00 not a pdf", "looks.pdf")})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_a_pdf"

    garbage = client.post("/api/v1/signing/verify", {"file": _file(b"%PDF-1.7\n\x00\xff garbage")})
    assert garbage.status_code == 422 and garbage.json()["code"] == "pdf_unreadable"

    settings.SIGNING_MAX_UPLOAD_MB = 1
    big = client.post("/api/v1/signing/verify", {"file": _file(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))})
    assert big.status_code == 413 and big.json()["code"] == "file_too_large"

    missing = client.post("/api/v1/signing/verify", {})
    assert missing.status_code == 422


def test_unsigned_pdf_has_no_signatures(client, pki_settings, result_pdf):
    body = client.post("/api/v1/signing/verify", {"file": _file(result_pdf)}).json()
    assert body["signatures"] == [] and body["all_valid"] is False and body["registered_dossier"] is None


def test_upload_page_in_vietnamese(client, registered):
    _, data = registered
    page = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    response = client.post("/verify/", {"file": _file(data)}, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tất cả chữ ký đều hợp lệ" in html and "Phạm Văn Lãnh" in html and "H26.99-261124-0001" in html
    assert "Traceback" not in html and "style=" not in html and "<script>" not in html

    refused = client.post("/verify/", {"file": _file(b"hello")}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 422 and "không phải là tài liệu PDF" in refused.content.decode()


def test_qr_page_shows_the_registered_result_and_checks_a_copy(client, registered, result_pdf):
    result, data = registered
    page = client.get(f"/verify/{result.reference}/", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200 and "H26.99-261124-0001" in html and "Đã trả kết quả" in html

    same = client.post(f"/verify/{result.reference}/", {"file": _file(data)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Bản bạn có chính là kết quả đã đăng ký này" in same.content.decode()
    other = client.post(f"/verify/{result.reference}/", {"file": _file(result_pdf)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Bản bạn có không phải là kết quả đã đăng ký này" in other.content.decode()

    assert client.get(f"/verify/{result.sha256}/").status_code == 200  # by the file's hash too
    assert client.get("/verify/no-such-reference/").status_code == 404


def test_registration_rules(official, make_user, registered, result_pdf):
    result, data = registered
    with pytest.raises(DomainError) as twice:
        result_register(actor=official, pdf=data, dossier_code="X", public_status="x")
    assert twice.value.code == "result_already_registered"
    with pytest.raises(DomainError) as unsigned:
        result_register(actor=official, pdf=result_pdf, dossier_code="X", public_status="x")
    assert unsigned.value.code == "result_not_signed"
    with pytest.raises(PermissionDenied):
        result_register(actor=make_user(UserKind.CITIZEN), pdf=data, dossier_code="X", public_status="x")

    result_status_update(actor=official, reference=result.reference, public_status="Đã hủy kết quả")
    assert RegisteredResult.objects.get(pk=result.pk).public_status == "Đã hủy kết quả"
    with pytest.raises(NotFound):
        result_status_update(actor=official, reference="nope", public_status="x")


def test_a_modified_copy_points_to_its_registered_revision(client, registered):
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, data = registered
    writer = IncrementalPdfFileWriter(BytesIO(data))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 0 0 50 50 re f Q")))
    out = BytesIO()
    writer.write(out)
    body = client.post("/api/v1/signing/verify", {"file": _file(out.getvalue())}).json()
    assert body["registered_dossier"]["exact"] is False
    assert all(s["modified_after_signing"] for s in body["signatures"])
    assert body["all_valid"] is False


def test_page_stops_reading_an_upload_past_the_limit(client, pki_settings, settings):
    settings.SIGNING_MAX_UPLOAD_MB = 1
    response = client.post(
        "/verify/", {"file": _file(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 413
    assert "lớn hơn mức cho phép 1 MB" in response.content.decode()


def test_page_keeps_csrf_protection(pki_settings, result_pdf):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/verify/", {"file": _file(result_pdf)}).status_code == 403


def test_revision_hashes_are_linear_and_bounded(result_pdf):
    import hashlib

    from motcua.signing.selectors import MAX_REVISIONS, _revision_hashes

    hashes = _revision_hashes(result_pdf + b"% more\n%%EOF\n")
    assert hashes[hashlib.sha256(result_pdf).hexdigest()] is False  # the earlier revision
    assert hashes[hashlib.sha256(result_pdf + b"% more\n%%EOF\n").hexdigest()] is True
    hostile = b"%PDF-1.7\n" + b"%%EOF\n" * 200_000
    assert len(_revision_hashes(hostile)) <= MAX_REVISIONS + 1
