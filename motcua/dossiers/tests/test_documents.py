"""The document wallet's services: store (checked, deduplicated), delete, and who may read a document."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from motcua.accounts.constants import UserKind
from motcua.core.errors import NotFound
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.exceptions import NotAllowed
from motcua.dossiers.models import Document, DocumentKind
from motcua.dossiers.services import (
    ComponentIn,
    document_delete,
    document_for,
    document_store,
    dossier_submit,
    wallet_of,
)
from motcua.dossiers.tests.conftest import CODE, PERSON
from motcua.dossiers.tests.test_uploads import image, raw_pdf
from motcua.dossiers.uploads import UploadRejected
from motcua.signing.samples import sample_result_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_store_checks_by_content_and_keeps_the_file_under_a_random_name(make_user, media):
    citizen = make_user()
    content = raw_pdf()
    document = document_store(owner=citizen, content=content, name="C:\\Users\\An\\Giấy khai sinh.pdf")
    assert (document.name, document.kind, document.content_type, document.pages) == (
        "Giấy khai sinh.pdf",
        DocumentKind.UPLOAD,
        "application/pdf",
        1,
    )
    assert document.file.name.startswith("documents/")
    assert "khai" not in document.file.name
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == content
    assert list(wallet_of(citizen)) == [document]


def test_the_same_file_twice_is_one_document_and_comes_back_after_deletion(make_user, media):
    citizen = make_user()
    first = document_store(owner=citizen, content=image("PNG"), name="a.png")
    assert document_store(owner=citizen, content=image("PNG"), name="b.png").pk == first.pk
    other = make_user()
    assert document_store(owner=other, content=image("PNG"), name="a.png").pk != first.pk
    assert len(stored_files(media)) == 2


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "giay-to.pdf"),
        (raw_pdf(b"/OpenAction << /S /JavaScript /JS (x) >>"), "a.pdf"),
        (b"", "a.pdf"),
        (image("PNG"), "a.jpg"),
    ],
)
def test_a_refused_file_leaves_nothing_behind(make_user, media, content, name):
    citizen = make_user()
    with pytest.raises(UploadRejected):
        document_store(owner=citizen, content=content, name=name)
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_results_and_scans_must_be_pdfs(make_user):
    citizen = make_user()
    with pytest.raises(UploadRejected) as caught:
        document_store(owner=citizen, content=image("JPEG"), name="kq.jpg", kind=DocumentKind.RESULT)
    assert caught.value.code == "not_pdf"
    result = document_store(owner=citizen, content=sample_result_pdf(), name="kq.pdf", kind=DocumentKind.RESULT)
    assert result.kind == DocumentKind.RESULT


def test_delete_erases_an_unused_upload_refuses_results_and_others(
    make_user, media, django_capture_on_commit_callbacks
):
    citizen, stranger = make_user(), make_user()
    upload = document_store(owner=citizen, content=raw_pdf(), name="a.pdf")
    result = document_store(owner=citizen, content=sample_result_pdf(), name="kq.pdf", kind=DocumentKind.RESULT)
    with pytest.raises(NotFound):
        document_delete(owner=stranger, document_id=upload.pk)
    with pytest.raises(NotAllowed):
        document_delete(owner=citizen, document_id=result.pk)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(owner=citizen, document_id=upload.pk)
    assert not Document.objects.filter(pk=upload.pk).exists()
    assert len(stored_files(media)) == 1  # the result's: the upload's file went after the commit
    with pytest.raises(NotFound):
        document_delete(owner=citizen, document_id=upload.pk)


def test_an_upload_used_by_a_dossier_leaves_the_wallet_but_stays_with_the_dossier(staff, media):
    citizen = staff.citizen
    upload = document_store(owner=citizen, content=raw_pdf(), name="to-khai.pdf")
    dossier = dossier_submit(
        actor=actor_for_user(citizen),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        case_code="c1",
        components=[ComponentIn(name="Tờ khai", document_id=upload.pk)],
    )
    assert dossier.components.get().document_id == upload.pk
    document_delete(owner=citizen, document_id=upload.pk)
    assert list(wallet_of(citizen)) == []
    upload.refresh_from_db()
    assert upload.deleted_at is not None
    assert document_for(actor_for_user(citizen), upload.pk) == upload  # still theirs, in the dossier
    assert document_for(staff.actor("officer"), upload.pk) == upload  # the receiving desk sees it
    with pytest.raises(NotFound):
        document_for(staff.actor("stranger"), upload.pk)  # another commune's official does not


def test_document_for_answers_not_found_to_strangers(make_user, staff):
    citizen, other = make_user(), make_user(UserKind.CITIZEN)
    document = document_store(owner=citizen, content=raw_pdf(), name="a.pdf")
    assert document_for(actor_for_user(citizen), document.pk) == document
    for actor in (actor_for_user(other), staff.actor("officer"), staff.actor("stranger")):
        with pytest.raises(NotFound):
            document_for(actor, document.pk)
    with pytest.raises(NotFound):
        document_for(actor_for_user(citizen), document.pk + 1000)
