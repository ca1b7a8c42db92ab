"""Filing writes its rows with prepared INSERTs (``core.db.insert_instances``), not ``save``: what it returns and
what a read finds must be the same values, field by field, for the dossier, its components and its audit chain."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.utils import translation

from motcua.dossiers.audit import chain_breaks
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import AuditEntry, Dossier, DossierComponent
from motcua.dossiers.services import ComponentIn, PartyIn
from motcua.dossiers.services.intake import dossier_file
from motcua.dossiers.tests.conftest import CODE, PERSON, Staff

pytestmark = pytest.mark.django_db

OWNER = PartyIn(name="Công ty TNHH Ánh Dương", id_number="0101234565", kind="organisation", address="Hà Nội")


def _fields(row: object, model: type[Model]) -> dict[str, object]:
    return {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}


@pytest.mark.parametrize("receive", [False, True])
def test_what_filing_returns_is_what_was_written(staff: Staff, receive: bool) -> None:
    components = [
        ComponentIn(name="Tờ khai", code="TK01", digitised=True, file_ref="kho/tk.pdf"),
        ComponentIn(name="Giấy tờ khác", copy_kind="certified", quantity=3, reused=True),
        ComponentIn(name="Bản sao giấy khai sinh", copy_kind="copy", quantity=2, from_store=True),
    ]
    dossier, rows = dossier_file(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        owner=OWNER,
        summary="Đề nghị cấp bản sao — «trích lục»",
        form_data={"ghi_chú": "Có dấu", "số": 3, "danh_sách": [1, None, "a"]},
        components=components,
        receive=receive,
    )
    assert rows is not None
    read = Dossier.objects.get(pk=dossier.pk)
    assert _fields(read, Dossier) == _fields(dossier, Dossier)
    assert read.due_at is not None if receive else read.due_at is None
    written = list(DossierComponent.objects.filter(dossier_id=dossier.pk).order_by("pk"))
    assert [_fields(r, DossierComponent) for r in written] == [_fields(r, DossierComponent) for r in rows]
    assert [(r.name, r.copy_kind, r.quantity) for r in written] == [
        (c.name, c.copy_kind, c.quantity) for c in components
    ]
    entries = list(AuditEntry.objects.filter(dossier_id=dossier.pk).order_by("seq"))
    assert [e.verb for e in entries] == (["submit", "receive"] if receive else ["submit"])
    assert (read.audit_seq, read.audit_hash) == (len(entries), entries[-1].hash)
    assert not list(chain_breaks())


def test_an_invalid_id_number_is_explained_in_vietnamese(staff: Staff) -> None:
    with translation.override("vi"), pytest.raises(InvalidDossier) as refused:
        dossier_file(
            actor=staff.actor("officer"),
            agency_id=staff.desk.pk,
            procedure_code=CODE,
            channel="in_person",
            submitter=PERSON,
            owner=PartyIn(name="Công ty TNHH Ánh Dương", id_number="0101234567", kind="organisation"),
            components=[ComponentIn(name="Tờ khai")],
        )
    assert str(refused.value.detail) == "Số định danh 0101234567 không hợp lệ: chữ số kiểm tra không đúng."
    assert not Dossier.objects.exists()
