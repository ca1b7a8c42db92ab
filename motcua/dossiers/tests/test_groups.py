"""Interconnected groups (liên thông): one parent for the citizen, linked children per agency, one timeline."""

from __future__ import annotations

from typing import Any

from django.test import Client

from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff, publish, two_level_definition
from motcua.dossiers.tests.test_api import token_for


def group_definition() -> dict[str, Any]:
    group = two_level_definition(code="9.900003", days=3)
    group["name"] = "Nhóm thủ tục liên thông thử nghiệm"
    group["parts"] = [CODE, "9.900002"]
    process = group["processes"][0]
    process["steps"] = [s for s in process["steps"] if s["id"] in ("receive", "refused", "done")]
    process["steps"].insert(
        1,
        {
            "id": "wait",
            "name": "Chờ kết quả liên thông",
            "agency": process["steps"][0]["agency"],
            "role": "one_stop_officer",
            "budget": {"amount": 8, "unit": "hours"},
            "status": 4,
        },
    )
    process["actions"] = [
        {"id": "accept", "kind": "accept", "source": "receive", "target": "wait", "actors": ["one_stop_officer"]},
        {"id": "refuse", "kind": "refuse", "source": "receive", "target": "refused", "actors": ["one_stop_officer"]},
        {"id": "return", "kind": "return_result", "source": "wait", "target": "done", "actors": ["one_stop_officer"]},
    ]
    return group


def _finish(staff: Staff, child: Dossier) -> None:
    svc.dossier_transfer(actor=staff.actor("specialist"), dossier_id=child.pk)
    svc.dossier_transfer(actor=staff.actor("dept_specialist"), dossier_id=child.pk)
    svc.dossier_approve(actor=staff.actor("dept_leader"), dossier_id=child.pk)


def test_group_parent_children_and_one_timeline(staff: Staff, client: Client) -> None:
    publish(two_level_definition(code="9.900002", days=10))
    publish(group_definition())
    parent = svc.dossier_submit(
        actor=staff.actor("citizen"),
        agency_id=staff.desk.pk,
        procedure_code="9.900003",
        channel="online",
        submitter=PERSON,
        components=FORM,
    )
    children = list(Dossier.objects.filter(parent=parent).order_by("procedure_code"))
    assert [c.procedure_code for c in children] == [CODE, "9.900002"]
    assert all(c.state == State.SUBMITTED for c in children)
    parent = svc.dossier_receive(actor=staff.actor("officer"), dossier_id=parent.pk)
    children = list(Dossier.objects.filter(parent=parent).order_by("procedure_code"))
    assert all(c.state == State.IN_PROCESS for c in children)
    assert parent.due_at == max(c.due_at for c in children if c.due_at)  # one appointment: the latest
    _finish(staff, children[0])
    parent.refresh_from_db()
    assert parent.state == State.IN_PROCESS
    _finish(staff, children[1])
    parent.refresh_from_db()
    assert parent.state == State.RESULT_READY and parent.national_status == 9
    svc.dossier_return(actor=staff.actor("officer"), dossier_id=parent.pk)
    token = token_for(staff.desk)
    trail = client.get(f"/api/v1/dossiers/{parent.code}/audit", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert {e["dossier"] for e in trail} == {parent.code, *(c.code for c in children)}
    assert trail[-1]["verb"] == "return"
