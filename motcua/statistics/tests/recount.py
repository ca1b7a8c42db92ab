"""Brute-force recount of Biểu 06 from the raw dossiers and their audit trail, and a dossier history driver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import AuditEntry, Document, DocumentKind, Dossier
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.feedback.models import Complaint, Rating
from motcua.payments.models import Payment, PaymentEvent
from motcua.statistics.selectors import COLUMNS

HN = ZoneInfo("Asia/Ho_Chi_Minh")
#: Monday 2 March 2026, no holiday for weeks around it.
START = dt.date(2026, 3, 2)


def working_day(offset: int) -> dt.date:
    """The ``offset``-th working day (Mon–Fri) from START."""
    day = START
    while offset > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            offset -= 1
    return day


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 30), tzinfo=HN)


def intake(staff: Staff, when: dt.datetime, channel: str = "in_person") -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel=channel,
        submitter=PERSON,
        components=FORM,
        receive=True,
        at=when,
    )


ACTIONS: dict[str, Callable[[Staff, int, dt.datetime], Any]] = {
    "forward": lambda s, d, t: svc.dossier_transfer(actor=s.actor("specialist"), dossier_id=d, at=t),
    "submit": lambda s, d, t: svc.dossier_transfer(actor=s.actor("dept_specialist"), dossier_id=d, at=t),
    "approve": lambda s, d, t: svc.dossier_approve(actor=s.actor("dept_leader"), dossier_id=d, at=t),
    "return": lambda s, d, t: svc.dossier_return(actor=s.actor("officer"), dossier_id=d, at=t),
    "supplement": lambda s, d, t: svc.dossier_request_supplement(
        actor=s.actor("commune_leader"), dossier_id=d, reason="Thiếu giấy tờ", at=t
    ),
    "answer": lambda s, d, t: svc.dossier_supplement_answer(actor=s.actor("officer"), dossier_id=d, at=t),
    "withdraw": lambda s, d, t: svc.dossier_withdraw(actor=s.actor("officer"), dossier_id=d, reason="Rút", at=t),
    "stop": lambda s, d, t: svc.dossier_stop(actor=s.actor("commune_leader"), dossier_id=d, reason="Dừng", at=t),
}
#: The path that resolves a dossier.
RESOLVE = ("forward", "submit", "approve")


#: What may happen to a dossier outside its audit trail: a fee (unpaid / paid online / at the counter), an
#: electronic result, a rating (1–5), a complaint.
EXTRAS = ("fee", "paid_online", "paid_cash", "e_result", "rating1", "rating3", "rating5", "complaint")


def extra(staff: Staff, dossier_id: int, what: str) -> None:
    """Record one of ``EXTRAS`` for the dossier, directly in the other apps' tables."""
    d = Dossier.objects.get(pk=dossier_id)
    if what.startswith(("fee", "paid")):
        paid = what.startswith("paid")
        payment = Payment.objects.create(
            dossier=d,
            agency_id=d.agency_id,
            timing="before",
            amount_vnd=50_000,
            status="paid" if paid else "pending",
            method={"paid_online": "online", "paid_cash": "cash"}.get(what, ""),
            idempotency_key=f"{dossier_id}-{Payment.objects.count()}",
        )
        PaymentEvent.objects.create(payment=payment, kind="counter" if what == "paid_cash" else "created")
    elif what == "e_result" and not Document.objects.filter(source_dossier=d).exists():
        Document.objects.create(
            owner=staff.citizen,
            kind=DocumentKind.RESULT,
            name="Kết quả",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            file="documents/x.pdf",
            source_dossier=d,
        )
    elif what.startswith("rating") and not Rating.objects.filter(dossier=d).exists():
        Rating.objects.create(dossier=d, user=staff.citizen, agency_id=d.agency_id, level=int(what[-1]))
    elif what == "complaint":
        Complaint.objects.create(dossier=d, user=staff.citizen, agency_id=d.agency_id, text="Chậm")


def act(staff: Staff, dossier_id: int, verb: str, when: dt.datetime) -> bool:
    """Try one action; False when the process does not allow it now."""
    try:
        ACTIONS[verb](staff, dossier_id, when)
    except DomainError:
        return False
    return True


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(HN).date() if value is not None else None


def _state_at_end_of(dossier: Dossier, day: dt.date) -> str:
    state = ""
    for entry in AuditEntry.objects.filter(dossier=dossier).order_by("seq"):
        if entry.at.astimezone(HN).date() <= day:
            state = entry.to_state
    return state


def recount(agency_ids: set[int], date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Biểu 06's totals, counted one dossier at a time by the rules of domain guide 1.9."""
    out = dict.fromkeys(COLUMNS, 0)
    for d in Dossier.objects.filter(agency_id__in=agency_ids):
        received, finished, due = _day(d.received_at), _day(d.finished_at), _day(d.due_at)
        if received is None or received > date_to:
            continue
        if received < date_from and (finished is None or finished >= date_from):
            out["carried_over"] += 1
        if received >= date_from:
            out["received_online" if d.channel == "online" else "received_other"] += 1
        if finished is not None and date_from <= finished <= date_to:
            if d.state in (State.RESULT_READY, State.DELIVERED):
                if due is None or finished == due:
                    out["resolved_on_time"] += 1
                else:
                    out["resolved_early" if finished < due else "resolved_late"] += 1
            else:
                out["withdrawn" if d.state == State.WITHDRAWN else "stopped"] += 1
        if _state_at_end_of(d, date_to) in (State.RECEIVED, State.IN_PROCESS):
            out["in_progress_within" if due is None or due >= date_to else "in_progress_overdue"] += 1
    out["received_total"] = out["carried_over"] + out["received_online"] + out["received_other"]
    out["resolved_total"] = out["resolved_early"] + out["resolved_on_time"] + out["resolved_late"]
    out["in_progress_total"] = out["in_progress_within"] + out["in_progress_overdue"]
    return out


def recount766(agency_ids: set[int], date_from: dt.date, date_to: dt.date) -> dict[str, float]:
    """The 766 numerators and denominators, counted one dossier at a time (pauses from the Pause rows)."""
    base = recount(agency_ids, date_from, date_to)
    out: dict[str, float] = {"on_time": base["in_progress_within"], "seconds": 0.0, "reused": 0, "digitised": 0}
    for key in ("e_results", "digitised_results", "fee_bearing", "paid_online", "ratings", "satisfied", "unhappy"):
        out[key] = 0
    out["late"] = base["resolved_late"]
    for d in Dossier.objects.filter(agency_id__in=agency_ids):
        received, finished, due = _day(d.received_at), _day(d.finished_at), _day(d.due_at)
        if received is None or d.received_at is None:
            continue
        e_result = Document.objects.filter(source_dossier=d, kind=DocumentKind.RESULT).exists()
        if date_from <= received <= date_to:
            out["reused"] += d.components.filter(reused=True).exists() or d.components.filter(from_store=True).exists()
            digitised = d.components.filter(digitised=True).exists()
            out["digitised"] += digitised
            out["digitised_results"] += digitised and e_result
            fees = Payment.objects.filter(dossier=d, amount_vnd__gt=0).exclude(status="cancelled")
            out["fee_bearing"] += fees.exists()
            out["paid_online"] += fees.filter(status="paid", method__in=("online", "qr")).exists()
        resolved = d.state in (State.RESULT_READY, State.DELIVERED)
        if not resolved or finished is None or d.finished_at is None or not date_from <= finished <= date_to:
            continue
        asked = AuditEntry.objects.filter(dossier=d, verb="request_supplement").count()
        if (due is None or finished <= due) and asked <= 1:
            out["on_time"] += 1
        elif (due is None or finished <= due) and asked > 1:
            out["late"] += 1
        paused = sum((p.ended_at - p.started_at).total_seconds() for p in d.pauses.all() if p.ended_at is not None)
        out["seconds"] += max(0, int((d.finished_at - d.received_at).total_seconds() - paused))
        out["e_results"] += e_result
        rating = Rating.objects.filter(dossier=d).first()
        out["ratings"] += rating is not None
        out["satisfied"] += rating is not None and rating.level >= 4
        out["unhappy"] += (rating is not None and rating.level <= 2) or Complaint.objects.filter(dossier=d).exists()
    out["handled"] = base["resolved_total"] + base["in_progress_total"]
    out["online"] = base["received_online"]
    out["received"] = base["received_online"] + base["received_other"]
    out["resolved"] = base["resolved_total"]
    return out
