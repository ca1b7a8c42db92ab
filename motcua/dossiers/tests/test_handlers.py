"""Handlers of a step and delegation: co-handlers act, others do not; observers watch; the personal deadline
stays within the dossier's; a substitute during leave acts and every audit entry says on whose behalf."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from motcua.agencies.models import Delegation, DelegationKind
from motcua.agencies.services import delegation_declare, delegation_withdraw
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import AuditEntry, Dossier, DossierHandler
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.worklists import dossier_allowed_for, worklist_queryset

pytestmark = pytest.mark.django_db


def intake(staff: Staff) -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )


def test_co_handlers_act_observers_watch_and_the_personal_deadline_is_within_the_due_date(staff: Staff) -> None:
    d = intake(staff)
    leader = staff.actor("commune_leader")
    d = svc.dossier_assign(
        actor=leader,
        dossier_id=d.pk,
        assignee_id=staff.specialist.pk,
        co_handlers=[staff.colleague.pk],
        observers=[staff.admin.pk],
        handler_days=1,
    )
    assert d.handler_due_at is not None and d.due_at is not None and d.handler_due_at <= d.due_at
    assert set(worklist_queryset(actor=staff.actor("colleague"), worklist="process")) == {d}
    assert set(worklist_queryset(actor=staff.actor("admin"), worklist="watch")) == {d}
    assert dossier_allowed_for(actor=staff.actor("colleague"), dossier=d).moves
    # a specialist of the agency who is neither handler nor co-handler may not take the step
    other = svc.dossier_assign(actor=leader, dossier_id=intake(staff).pk, assignee_id=staff.specialist.pk)
    with pytest.raises(DomainError) as refused:
        svc.dossier_move(actor=staff.actor("colleague"), dossier_id=other.pk, action_id="forward")
    assert refused.value.code == "not_allowed"
    moved = svc.dossier_move(actor=staff.actor("colleague"), dossier_id=d.pk, action_id="forward")
    assert moved.handler_due_at is None
    assert not DossierHandler.objects.filter(dossier=d, ended_at__isnull=True).exists()
    assert not worklist_queryset(actor=staff.actor("admin"), worklist="watch").exists()


def test_co_handlers_must_belong_to_the_agency_and_the_deadline_is_bounded(staff: Staff) -> None:
    d = intake(staff)
    leader = staff.actor("commune_leader")
    with pytest.raises(DomainError):
        svc.dossier_assign(
            actor=leader, dossier_id=d.pk, assignee_id=staff.specialist.pk, co_handlers=[staff.dept_specialist.pk]
        )
    with pytest.raises(DomainError):
        svc.dossier_assign(actor=leader, dossier_id=d.pk, assignee_id=staff.specialist.pk, handler_days=0)
    assert not DossierHandler.objects.exists()
    d.refresh_from_db()
    assert d.assignee_id is None


def test_a_substitute_during_leave_acts_and_the_audit_says_on_whose_behalf(staff: Staff) -> None:
    d = intake(staff)
    svc.dossier_assign(actor=staff.actor("commune_leader"), dossier_id=d.pk, assignee_id=staff.specialist.pk)
    svc.dossier_move(actor=staff.actor("specialist"), dossier_id=d.pk, action_id="forward")
    svc.dossier_move(actor=staff.actor("dept_specialist"), dossier_id=d.pk, action_id="submit")
    # the department's leader is on leave; the department's specialist stands in for them
    with pytest.raises(DomainError):
        svc.dossier_approve(actor=staff.actor("dept_specialist"), dossier_id=d.pk)
    today = timezone.localdate()
    leave = delegation_declare(
        by=staff.dept_leader,
        agency_id=staff.dept.pk,
        kind=DelegationKind.LEAVE,
        delegator_id=staff.dept_leader.pk,
        delegate_id=staff.dept_specialist.pk,
        valid_from=today,
        valid_to=today + dt.timedelta(days=5),
        reason="Nghỉ phép",
    )
    substitute = staff.actor("dept_specialist")
    assert {d.pk} == set(worklist_queryset(actor=substitute, worklist="sign").values_list("pk", flat=True))
    approved = svc.dossier_approve(actor=substitute, dossier_id=d.pk)
    assert approved.state == State.RESULT_READY
    entry = AuditEntry.objects.filter(dossier=d).order_by("-seq").first()
    assert entry is not None and entry.actor_user_id == staff.dept_specialist.pk
    assert entry.data["on_behalf_of"] == {"user": staff.dept_leader.pk, "name": staff.dept_leader.full_name}
    # own work carries no "on behalf"
    first = AuditEntry.objects.get(dossier=d, seq=4)
    assert "on_behalf_of" not in first.data
    delegation_withdraw(by=staff.dept_leader, delegation_id=leave.pk)
    assert not staff.actor("dept_specialist").has_role(staff.dept.pk, "leader")


def test_the_substitute_of_an_absent_handler_takes_their_assigned_work(staff: Staff) -> None:
    d = intake(staff)
    svc.dossier_assign(actor=staff.actor("commune_leader"), dossier_id=d.pk, assignee_id=staff.specialist.pk)
    assert not worklist_queryset(actor=staff.actor("colleague"), worklist="process").filter(pk=d.pk).exists()
    today = timezone.localdate()
    Delegation.objects.create(
        kind=DelegationKind.LEAVE,
        agency=staff.commune,
        delegator=staff.specialist,
        delegate=staff.colleague,
        valid_from=today,
        valid_to=today,
    )
    colleague = staff.actor("colleague")
    assert worklist_queryset(actor=colleague, worklist="process").filter(pk=d.pk).exists()
    svc.dossier_move(actor=colleague, dossier_id=d.pk, action_id="forward")
    entry = AuditEntry.objects.filter(dossier=d).order_by("-seq").first()
    assert entry is not None and entry.data["on_behalf_of"]["user"] == staff.specialist.pk


def test_only_leaders_and_administrators_declare_and_periods_are_checked(staff: Staff) -> None:
    today = timezone.localdate()
    args: dict[str, Any] = {
        "agency_id": staff.commune.pk,
        "kind": DelegationKind.DELEGATION,
        "delegator_id": staff.commune_leader.pk,
        "delegate_id": staff.specialist.pk,
        "valid_from": today,
        "valid_to": today,
    }
    with pytest.raises(NotFound):
        delegation_declare(by=staff.specialist, **args)
    with pytest.raises(NotFound):
        delegation_declare(by=staff.dept_leader, **args)
    for bad in (
        {"valid_to": today - dt.timedelta(days=1)},
        {"delegate_id": staff.commune_leader.pk},
        {"delegate_id": staff.dept_specialist.pk},
        {"role": "one_stop_officer"},
        {"valid_to": today + dt.timedelta(days=400)},
    ):
        with pytest.raises(DomainError):
            delegation_declare(by=staff.admin, **(args | bad))
    assert not Delegation.objects.exists()
    delegation_declare(by=staff.admin, **args)
    assert staff.actor("specialist").has_role(staff.commune.pk, "leader")
    # a delegate never passes on what they only hold by delegation
    assert not any(a for a, _r, _u, _n in staff.actor("colleague").delegated)
