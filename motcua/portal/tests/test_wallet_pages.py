"""The document wallet: list with type, date and source; upload; download; delete own uploads, never results;
another citizen gets 404 on every wallet URL."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import Document, DocumentKind
from motcua.dossiers.services.documents import document_store
from motcua.dossiers.tests.conftest import procedure  # noqa: F401 (fixture)
from motcua.notifications.tests.support import World, world_for
from motcua.portal.tests.test_dossiers_pages import pdf_bytes


@pytest.fixture
def world(make_user, procedure, settings, tmp_path) -> World:  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    return world_for(make_user)


def test_upload_list_download_delete(client, world):
    client.force_login(world.citizen)
    url = reverse("portal:wallet_upload")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"hello", content_type="application/pdf")})
    assert bad.status_code == 422
    assert client.post(url, {"doc_type": ""}).status_code == 422  # no file
    content = pdf_bytes()
    ok = client.post(url, {"file": SimpleUploadedFile("khai-sinh.pdf", content), "doc_type": "Giấy khai sinh"})
    assert ok.status_code == 302
    document = Document.objects.get(owner=world.citizen)
    page = client.get(reverse("portal:wallet")).content.decode()
    assert "khai-sinh.pdf" in page and "Giấy khai sinh" in page
    download = client.get(reverse("portal:wallet_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert client.post(reverse("portal:wallet_delete", args=[document.pk])).status_code == 302
    assert not Document.objects.in_wallet_of(world.citizen.pk).exists()


def test_results_cannot_be_deleted(client, world):
    d = world.to_result(world.receive(world.submit()))
    result = document_store(
        owner=world.citizen,
        content=pdf_bytes(2),
        name="ket-qua.pdf",
        kind=DocumentKind.RESULT,
        source_agency_id=world.staff.dept.pk,
        source_dossier_id=d.pk,
    )
    client.force_login(world.citizen)
    page = client.get(reverse("portal:wallet")).content.decode()
    assert world.staff.dept.name in page
    assert reverse("portal:wallet_delete", args=[result.pk]) not in page
    client.post(reverse("portal:wallet_delete", args=[result.pk]))
    assert Document.objects.in_wallet_of(world.citizen.pk).filter(pk=result.pk).exists()
    detail = client.get(reverse("portal:my_dossier", args=[d.code])).content.decode()
    assert reverse("portal:wallet_download", args=[result.pk]) in detail  # the e-result, from the dossier page


def test_another_citizen_gets_404(client, world):
    document = document_store(owner=world.citizen, content=pdf_bytes(), name="cccd.pdf")
    client.force_login(world.other)
    for name in ("portal:wallet_download", "portal:wallet_delete"):
        url = reverse(name, args=[document.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code in (404, 405)
    assert "cccd.pdf" not in client.get(reverse("portal:wallet")).content.decode()
    assert Document.objects.in_wallet_of(world.citizen.pk).filter(pk=document.pk).exists()
    client.force_login(world.staff.officer)
    assert client.get(reverse("portal:wallet")).status_code == 404
