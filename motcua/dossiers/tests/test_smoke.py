from __future__ import annotations

from motcua.dossiers.constants import State
from motcua.dossiers.services import dossier_submit, dossier_transfer
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON


def test_counter_intake_and_transfer(staff):
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        case_code="c1",
        receive=True,
    )
    assert d.state == State.IN_PROCESS and d.national_status == 4
    assert d.code.startswith(staff.desk.code)
    assert d.current_agency_id == staff.commune.pk
    d = dossier_transfer(actor=staff.actor("specialist"), dossier_id=d.pk)
    assert d.current_agency_id == staff.dept.pk
