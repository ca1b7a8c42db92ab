"""Rules at the service level: the clock and its pauses, once-only supplement and apology, recall, hand-over,
corrections, lapses — every date from ``workdays``."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier, Pause
from motcua.dossiers.services.intake import transfer_day
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.tests.test_api import BODY
from motcua.workdays import apology_deadline, calendar_for, deadline, extend_for_pauses

HN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=HN)


def _intake(staff: Staff, at: dt.datetime = MONDAY) -> Dossier:
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


def test_appointment_and_supplement_pause_come_from_workdays(staff: Staff) -> None:
    cal = calendar_for(staff.desk.pk)
    d = _intake(staff)
    assert d.due_at == deadline(cal, MONDAY, 5, "working_days").due
    asked = MONDAY + dt.timedelta(days=1)
    svc.dossier_request_supplement(actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Thiếu", at=asked)
    d.refresh_from_db()
    assert d.state == State.SUPPLEMENT and d.supplement_due_at == deadline(cal, asked, 15, "working_days").due
    answered = asked + dt.timedelta(days=3, hours=2)
    before = d.due_at
    assert before is not None
    d = svc.dossier_supplement_answer(actor=staff.actor("officer"), dossier_id=d.pk, at=answered)
    assert d.due_at == extend_for_pauses(cal, before, [(asked, answered)], clock_start=d.clock_started_at)
    assert Pause.objects.get(dossier=d).ended_at == answered
    with pytest.raises(DomainError) as once:
        svc.dossier_request_supplement(
            actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Lần hai", at=answered
        )
    assert once.value.code == "supplement_limit"


def test_apology_once_and_not_later_than_one_working_day_before(staff: Staff) -> None:
    d = _intake(staff)
    assert d.due_at is not None
    latest = apology_deadline(calendar_for(staff.desk.pk), d.due_at)
    too_late = dt.datetime.combine(latest + dt.timedelta(days=1), dt.time(9), tzinfo=HN)
    new = d.due_at + dt.timedelta(days=5)
    with pytest.raises(DomainError) as late:
        svc.dossier_apologise(
            actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Chậm", new_due_at=new, at=too_late
        )
    assert late.value.code == "apology_too_late"
    # a specialist drafts; the leader approves; only once
    svc.dossier_apologise(actor=staff.actor("specialist"), dossier_id=d.pk, reason="Chậm", new_due_at=new, at=MONDAY)
    letter = d.letters.get()
    d = svc.dossier_letter_decide(
        actor=staff.actor("commune_leader"), dossier_id=d.pk, letter_id=letter.pk, approve=True, at=MONDAY
    )
    assert d.due_at == new and d.apologies == 1 and d.original_due_at is not None
    with pytest.raises(DomainError):
        svc.dossier_apologise(
            actor=staff.actor("commune_leader"),
            dossier_id=d.pk,
            reason="Lại chậm",
            new_due_at=new + dt.timedelta(days=1),
            at=MONDAY,
        )


def test_recall_send_back_hand_over_and_roles(staff: Staff) -> None:
    d = _intake(staff)
    with pytest.raises(DomainError) as wrong:
        svc.dossier_transfer(actor=staff.actor("officer"), dossier_id=d.pk)  # sees it, but not the step's agency
    assert wrong.value.code == "not_allowed"
    with pytest.raises(DomainError) as unseen:
        svc.dossier_transfer(actor=staff.actor("dept_specialist"), dossier_id=d.pk)  # not yet at the department
    assert unseen.value.code == "not_found"
    svc.dossier_assign(actor=staff.actor("commune_leader"), dossier_id=d.pk, assignee_id=staff.specialist.pk)
    d = svc.dossier_hand_over(actor=staff.actor("specialist"), dossier_id=d.pk, colleague_id=staff.colleague.pk)
    assert d.assignee_id == staff.colleague.pk
    d = svc.dossier_transfer(actor=staff.actor("colleague"), dossier_id=d.pk)
    assert d.current_agency_id == staff.dept.pk
    with pytest.raises(DomainError):
        svc.dossier_recall(actor=staff.actor("specialist"), dossier_id=d.pk)  # only the sender recalls
    d = svc.dossier_recall(actor=staff.actor("colleague"), dossier_id=d.pk)
    assert d.step == "handle" and d.current_agency_id == staff.commune.pk
    d = svc.dossier_transfer(actor=staff.actor("colleague"), dossier_id=d.pk)
    d = svc.dossier_send_back(actor=staff.actor("dept_specialist"), dossier_id=d.pk, reason="Xác minh lại")
    assert d.step == "handle"
    # the department keeps seeing a dossier that passed through it
    from motcua.dossiers.selectors import dossier_get_for

    assert dossier_get_for(actor=staff.actor("dept_specialist"), code=d.code).pk == d.pk
    with pytest.raises(DomainError) as stranger:
        dossier_get_for(actor=staff.actor("stranger"), code=d.code)
    assert stranger.value.code == "not_found"


def test_payment_pause_stop_and_corrections(staff: Staff) -> None:
    d = _intake(staff)
    d = svc.dossier_request_payment(
        actor=staff.actor("specialist"), dossier_id=d.pk, amount_vnd=50_000, at=MONDAY + dt.timedelta(hours=1)
    )
    assert d.state == State.AWAITING_PAYMENT and d.national_status == 6 and d.paused_at is not None
    d = svc.dossier_confirm_payment(
        actor=staff.actor("officer"), dossier_id=d.pk, reference="VNPAY-1", at=MONDAY + dt.timedelta(hours=3)
    )
    assert d.state == State.IN_PROCESS and d.paused_at is None
    with pytest.raises(DomainError):
        svc.dossier_stop(actor=staff.actor("specialist"), dossier_id=d.pk, reason="x")
    with pytest.raises(DomainError):
        svc.dossier_correct(actor=staff.actor("specialist"), dossier_id=d.pk, field="summary", value="x", reason="y")
    d = svc.dossier_stop(actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Theo yêu cầu của cơ quan thuế")
    assert d.state == State.STOPPED and d.national_status == 8 and d.finished_at is not None


def test_supplement_lapses_into_a_stop(staff: Staff) -> None:
    d = _intake(staff)
    svc.dossier_request_supplement(actor=staff.actor("commune_leader"), dossier_id=d.pk, reason="Thiếu", at=MONDAY)
    d.refresh_from_db()
    assert d.supplement_due_at is not None
    assert svc.dossiers_lapse_supplements(at=d.supplement_due_at - dt.timedelta(minutes=1)) == 0
    assert svc.dossiers_lapse_supplements(at=d.supplement_due_at + dt.timedelta(minutes=1)) == 1
    d.refresh_from_db()
    assert d.state == State.STOPPED


def test_reception_path_and_transfer_cutoff(staff: Staff) -> None:
    d = svc.dossier_submit(
        actor=staff.actor("citizen"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
        at=MONDAY,
    )
    assert d.state == State.SUBMITTED and d.national_status == 1 and d.due_at is None
    d = svc.dossier_ask_to_complete(actor=staff.actor("officer"), dossier_id=d.pk, reason="Thiếu tờ khai")
    assert d.national_status == 1
    d = svc.dossier_resubmit(actor=staff.actor("citizen"), dossier_id=d.pk, components=FORM[:1])
    late = MONDAY.replace(hour=16)
    d = svc.dossier_receive(actor=staff.actor("officer"), dossier_id=d.pk, at=late)
    assert transfer_day(staff.desk.pk, late) == dt.date(2026, 3, 3)
    assert transfer_day(staff.desk.pk, MONDAY) == dt.date(2026, 3, 2)
    assert d.audit.get(verb="receive").data["transfer_by"] == "2026-03-03"


def test_citizen_session_withdraws_own_dossier(staff: Staff, client: Client) -> None:
    client.force_login(staff.citizen)
    made = client.post(
        "/api/v1/dossiers", {**BODY, "agency": staff.desk.code, "channel": "online"}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    out = client.post(
        f"/api/v1/dossiers/{code}/withdraw", {"reason": "Không còn nhu cầu"}, content_type="application/json"
    )
    assert out.json()["national_status"] == 7
    other = Client()
    other.force_login(staff.officer)  # an official without a verified second factor
    assert other.get(f"/api/v1/dossiers/{code}").status_code == 401
