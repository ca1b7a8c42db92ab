"""The benchmarks' bulk generator of dossiers (bench/bulk_dossiers.py) makes data the platform accepts as its own:
valid audit chains, states that agree with their audit trail, legal clocks from the calendar, codes that the
daily sequence continues, worklists that find them; and the same rows for the same seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import bulk_dossiers as bulk
from motcua.accounts.models import User
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.audit import chain_breaks
from motcua.dossiers.constants import FINAL_STATES, NATIONAL_STATUS, State
from motcua.dossiers.models import AuditEntry, DailySequence, Dossier, DossierVisit
from motcua.dossiers.services.filing import next_code
from motcua.dossiers.worklists import worklist_for, worklist_queryset
from motcua.workdays import calendar_for, deadline

ANCHOR = dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def plan(db: None) -> tuple[list[bulk.Lane], dict[int, bulk.Staff]]:
    """The lanes of three commune desks (all their procedures) and their bench officials."""
    bulk.ensure_reference()
    lanes = bulk.lanes()
    desks = sorted({lane.desk for lane in lanes})[:3]
    lanes = [lane for lane in lanes if lane.desk in desks]
    staff = bulk.ensure_staff(sorted({(lane.desk, lane.desk_code, lane.committee) for lane in lanes}))
    return lanes, staff


def _rows(plan: tuple[list[bulk.Lane], dict[int, bulk.Staff]], count: int, seed: int) -> dict[str, list[Any]]:
    rows: dict[str, list[Any]] = {}
    for batch in bulk.generate(plan[0], plan[1], count=count, seed=seed, anchor=ANCHOR, batch=50):
        for label, found in batch.rows.items():
            rows.setdefault(label, []).extend(found)
    return rows


def test_loaded_dossiers_agree_with_their_audit_chains(plan: Any) -> None:
    bulk.load(plan[0], plan[1], count=400, seed=11, anchor=ANCHOR)

    assert Dossier.objects.count() == 400
    assert list(chain_breaks()) == []
    last = {e.dossier_id: e for e in AuditEntry.objects.order_by("dossier_id", "seq")}
    states: Counter[str] = Counter()
    for d in Dossier.objects.all():
        entry = last[d.pk]
        states[d.state] += 1
        assert d.national_status == NATIONAL_STATUS[d.state]
        assert (entry.seq, entry.hash) == (d.audit_seq, d.audit_hash)
        assert (entry.to_state, entry.to_step, entry.to_agency_id) == (d.state, d.step, d.current_agency_id)
        assert d.submitted_at <= entry.at
        if d.state not in FINAL_STATES:
            assert entry.at < ANCHOR, "an open dossier's last move happened before the anchor"
        if d.received_at is not None and d.statutory_amount is not None:
            due = deadline(calendar_for(d.agency_id), d.received_at, Decimal(str(d.statutory_amount)), d.statutory_unit)
            assert d.due_at == due.due
        if d.state in (State.RESULT_READY, State.DELIVERED):
            assert d.finished_at is not None
    assert states[State.DELIVERED] > 300, "most dossiers of a city are finished"
    assert {State.SUBMITTED, State.IN_PROCESS} <= set(states), states
    # a dossier that went back from the committee to the desk is still visible to the committee
    moved = Dossier.objects.filter(state=State.DELIVERED).first()
    assert moved is not None
    assert DossierVisit.objects.filter(dossier=moved).exists()


def test_daily_sequences_continue_after_the_generated_codes(plan: Any) -> None:
    bulk.load(plan[0], plan[1], count=200, seed=5, anchor=ANCHOR)

    codes = set(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == 200
    for seq in DailySequence.objects.all()[:20]:
        prefix = Dossier.objects.filter(agency_id=seq.agency_id).values_list("code", flat=True).first()
        assert prefix is not None
        agency_code = prefix.rsplit("-", 2)[0]
        assert next_code(seq.agency_id, agency_code, seq.day) not in codes


def test_worklists_find_the_generated_dossiers(plan: Any) -> None:
    lanes, staff = plan
    bulk.load(lanes, staff, count=400, seed=3, anchor=ANCHOR)

    desk = lanes[0].desk
    officer = actor_for_user(User.objects.get(pk=staff[desk].desk_officer))
    leader = actor_for_user(User.objects.get(pk=staff[desk].leader))
    submitted = Dossier.objects.filter(agency_id=desk, state=State.SUBMITTED).count()
    finished = Dossier.objects.filter(agency_id=desk, state__in=FINAL_STATES).count()
    assert worklist_queryset(actor=officer, worklist="receive", now=ANCHOR).count() == submitted
    assert worklist_queryset(actor=officer, worklist="done", now=ANCHOR).count() == finished
    # the committee's leader sees every dossier that was handled there, finished or not
    handled = Dossier.objects.filter(agency_id=desk).exclude(received_at=None).exclude(state=State.REFUSED)
    assert (
        worklist_queryset(actor=leader, worklist="done", now=ANCHOR).count()
        == handled.filter(state__in=FINAL_STATES).count()
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_the_same_seed_gives_the_same_rows(plan: Any, seed: int) -> None:
    first = _rows(plan, 30, seed)
    assert first == _rows(plan, 30, seed)
    assert first["dossiers.Dossier"] != _rows(plan, 30, seed + 1)["dossiers.Dossier"]
    for entry in first["dossiers.AuditEntry"]:
        assert len(entry["hash"]) == 64


def test_indexed_worklists_return_exactly_what_visible_to_allows(plan: Any) -> None:
    """The ``done`` list's index-friendly narrowing and the page's ids-first fetch change no result."""
    lanes, staff = plan
    bulk.load(lanes, staff, count=300, seed=8, anchor=ANCHOR)

    for members in staff.values():
        for uid in (members.desk_officer, members.specialists[0], members.leader):
            actor = actor_for_user(User.objects.get(pk=uid))
            expected = Dossier.objects.visible_to(actor).filter(state__in=FINAL_STATES)
            found = worklist_queryset(actor=actor, worklist="done", now=ANCHOR)
            assert set(found.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))
            page = worklist_for(actor=actor, worklist="done", limit=7, offset=3, now=ANCHOR)
            ordered = list(expected.order_by("-id").values_list("pk", flat=True)[3:10])
            assert (page.count, [row.pk for row in page.items]) == (expected.count(), ordered)
