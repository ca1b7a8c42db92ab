"""A dossier keeps the procedure version it was received under (issue 3 acceptance, issue 6 rule)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff, publish, two_level_definition

HN = ZoneInfo("Asia/Ho_Chi_Minh")


def _intake(staff: Staff, at: dt.datetime) -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
        at=at,
    )


def test_publishing_version_2_leaves_dossiers_on_version_1_untouched(staff: Staff) -> None:
    first = _intake(staff, dt.datetime(2026, 3, 2, 9, 30, tzinfo=HN))
    v1 = first.procedure_version
    v1_definition = dict(v1.definition)
    due_before = first.due_at

    v2 = publish(two_level_definition(days=7))  # a longer statutory time from version 2 on
    engine_cache_clear()
    assert v2.number == v1.number + 1

    first.refresh_from_db()
    assert first.procedure_version_id == v1.pk
    assert ProcedureVersion.objects.get(pk=v1.pk).definition == v1_definition
    assert first.due_at == due_before

    # The running dossier goes on under version 1; a new one is received under version 2.
    moved = svc.dossier_assign(
        actor=staff.actor("commune_leader"), dossier_id=first.pk, assignee_id=staff.specialist.pk
    )
    assert moved.procedure_version_id == v1.pk
    second = _intake(staff, dt.datetime(2026, 3, 2, 10, 0, tzinfo=HN))
    assert second.procedure_version_id == v2.pk
