"""The audit trail is append-only and hash-chained: ``audit_verify`` finds a row edited in the database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.dossiers.models import AuditEntry
from motcua.dossiers.services import dossier_correct, dossier_submit, dossier_transfer
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff


def _run() -> tuple[int, str]:
    import io

    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_audit_verify_detects_a_row_edited_in_the_database(staff: Staff) -> None:
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )
    dossier_transfer(actor=staff.actor("specialist"), dossier_id=d.pk)
    assert _run()[0] == 0
    row = AuditEntry.objects.get(dossier=d, seq=2)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET reason = %s WHERE id = %s", ["sửa lén", row.pk])  # noqa: S608
    code, out = _run()
    assert code == 1
    assert f"dossier {d.pk} entry #2 (row {row.pk})" in out


def test_audit_verify_detects_a_deleted_row(staff: Staff) -> None:
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE dossier_id = %s AND seq = 2", [d.pk])  # noqa: S608
    assert _run()[0] == 1


def test_entries_cannot_be_changed_through_the_orm(staff: Staff) -> None:
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
    )
    entry = AuditEntry.objects.get(dossier=d)
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(dossier=d).update(reason="x")
    with pytest.raises(TypeError):
        entry.delete()


def test_correction_is_a_new_entry(staff: Staff) -> None:
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )
    fixed = dossier_correct(
        actor=staff.actor("admin"),
        dossier_id=d.pk,
        field="due_at",
        value="2030-01-07T17:00:00+07:00",
        reason="Sai ngày hẹn",
    )
    last = AuditEntry.objects.get(dossier=d, seq=fixed.audit_seq)
    assert last.verb == "correct" and last.data["before"] and last.reason == "Sai ngày hẹn"
    assert _run()[0] == 0
