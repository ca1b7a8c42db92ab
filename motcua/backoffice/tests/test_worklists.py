"""Worklists hold exactly the dossiers an official may act on: the selector against a brute-force filter of
every dossier, over random histories (hypothesis), and every dossier to receive or process offers an action."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from motcua.agencies.constants import Role
from motcua.agencies.models import Delegation, DelegationKind, Membership
from motcua.dossiers import services as svc
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import FINAL_STATES, WORKING, State
from motcua.dossiers.models import Dossier, DossierHandler, DossierVisit, HandlerKind
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.worklists import (
    PLAIN,
    WORKLISTS,
    dossier_allowed_for,
    due_bound,
    worklist_counts,
    worklist_for,
    worklist_queryset,
)

pytestmark = pytest.mark.django_db
PEOPLE = ("officer", "specialist", "colleague", "commune_leader", "dept_specialist", "dept_leader", "stranger", "admin")
#: The happy path after reception, then a detour: (who, what).
PATH = [
    ("commune_leader", "assign"),
    ("specialist", "forward"),
    ("dept_specialist", "submit"),
    ("dept_leader", "approve"),
    ("officer", "return"),
]


def _make(staff: Staff, online: bool, steps: int, detour: str, days_ago: int) -> None:
    at = timezone.now() - dt.timedelta(days=days_ago)
    d = svc.dossier_submit(
        actor=staff.actor("citizen" if online else "officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online" if online else "in_person",
        submitter=PERSON,
        components=FORM,
        receive=not online,
        at=at,
    )
    if online:
        if detour == "refuse":
            svc.dossier_refuse(actor=staff.actor("officer"), dossier_id=d.pk, reason="Sai thẩm quyền", at=at)
            return
        if steps == 0:
            return
        svc.dossier_receive(actor=staff.actor("officer"), dossier_id=d.pk, at=at)
    for who, what in PATH[:steps]:
        actor = staff.actor(who)
        if what == "assign":
            assignee = staff.colleague if detour == "colleague" else staff.specialist
            co = [staff.colleague.pk] if detour == "co" else []
            observers = [staff.admin.pk] if detour == "co" else []
            svc.dossier_assign(
                actor=actor, dossier_id=d.pk, assignee_id=assignee.pk, co_handlers=co, observers=observers, at=at
            )
        elif what == "return":
            svc.dossier_return(actor=actor, dossier_id=d.pk, at=at)
        else:
            who = "colleague" if (detour in ("colleague", "co") and what == "forward") else who
            svc.dossier_move(actor=staff.actor(who), dossier_id=d.pk, action_id=what, at=at)
    if detour == "supplement" and steps <= 1:
        svc.dossier_request_supplement(actor=staff.actor("officer"), dossier_id=d.pk, reason="Thiếu giấy tờ", at=at)


def _roles(user_id: int) -> tuple[set[tuple[int, str]], set[int]]:
    """The user's roles and the users they stand in for, from the tables (not from the Actor)."""
    today = timezone.localdate()
    roles = set(Membership.objects.current().filter(user_id=user_id).values_list("agency_id", "role"))
    covers = {user_id}
    for d in Delegation.objects.filter(delegate_id=user_id, withdrawn_at__isnull=True):
        if d.valid_from <= today <= d.valid_to:
            held = Membership.objects.current().filter(user_id=d.delegator_id, agency_id=d.agency_id)
            held_roles = {r for r in held.values_list("role", flat=True) if r != Role.CITY_OPERATOR}
            roles |= {(d.agency_id, r) for r in held_roles if not d.role or r == d.role}
            covers.add(d.delegator_id)
    return roles, covers


def _brute(actor: Actor, worklist: str, now: dt.datetime) -> set[str]:
    assert actor.user_id is not None
    roles, covers = _roles(actor.user_id)
    agencies = {a for a, _r in roles}
    mine = {a for a, r in roles if r in (Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.LEADER)}
    desks = {a for a, r in roles if r == Role.ONE_STOP_OFFICER}
    leads = {a for a, r in roles if r == Role.LEADER}
    visits = set(DossierVisit.objects.values_list("dossier_id", "agency_id"))
    handlers = set(DossierHandler.objects.filter(ended_at__isnull=True).values_list("dossier_id", "user_id", "kind"))
    bound = due_bound(now)
    found = set()
    for d in Dossier.objects.all():
        if not (
            d.agency_id in agencies or d.current_agency_id in agencies or any((d.pk, a) in visits for a in agencies)
        ):
            continue
        co = any((d.pk, u, HandlerKind.CO_HANDLER) in handlers for u in covers)
        handled = d.current_agency_id in mine and (
            d.assignee_id is None or d.assignee_id in covers or d.current_agency_id in leads or co
        )
        keep = {
            "receive": d.state == State.SUBMITTED and d.current_agency_id in desks,
            "process": handled and d.state in {*WORKING, State.RESULT_READY},
            "supplement": d.state in (State.SUPPLEMENT, State.INCOMPLETE)
            and (d.agency_id in desks or d.current_agency_id in mine),
            "due": handled and d.state in WORKING and d.due_at is not None and now <= d.due_at <= bound,
            "overdue": handled and d.state in WORKING and d.due_at is not None and d.due_at < now,
            # the test procedure's only sign action leaves step "sign", for its agency's leaders
            "sign": handled and d.state in WORKING and d.step == "sign" and d.current_agency_id in leads,
            "watch": d.state not in FINAL_STATES and any((d.pk, u, HandlerKind.OBSERVER) in handlers for u in covers),
            "done": d.state in FINAL_STATES,
        }[worklist]
        if keep:
            found.add(d.code)
    return found


HISTORY = st.tuples(
    st.booleans(),
    st.integers(0, len(PATH)),
    st.sampled_from(["", "refuse", "colleague", "supplement", "co"]),
    st.sampled_from([0, 0, 30]),
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=st.lists(HISTORY, min_size=1, max_size=3), leave=st.sampled_from(["", "specialist", "leader"]))
@example(histories=[(True, 1, "co", 0), (False, 1, "", 30), (True, 2, "supplement", 3)], leave="")
def test_worklists_match_a_brute_force_filter(
    staff: Staff, histories: list[tuple[bool, int, str, int]], leave: str
) -> None:
    Delegation.objects.all().delete()
    if leave:  # the specialist (or the commune leader) is on leave: the colleague stands in for them
        absent = staff.specialist if leave == "specialist" else staff.commune_leader
        today = timezone.localdate()
        Delegation.objects.create(
            kind=DelegationKind.LEAVE,
            agency=staff.commune,
            delegator=absent,
            delegate=staff.colleague,
            valid_from=today,
            valid_to=today,
        )
    for online, steps, detour, days_ago in histories:
        _make(staff, online, steps, detour, days_ago)
    now = timezone.now()
    for who in PEOPLE:
        actor = staff.actor(who)
        counts = worklist_counts(actor=actor, now=now)
        for worklist in WORKLISTS:
            got = set(worklist_queryset(actor=actor, worklist=worklist, now=now).values_list("code", flat=True))
            assert got == _brute(actor, worklist, now), (who, worklist)
            assert counts[worklist] == len(got), (who, worklist)  # the tabs' one-pass counts say the same
            if worklist in PLAIN:  # the pages' own SQL: the same dossiers, in the ORM's order, page by page
                _check_plain_pages(actor, worklist, now)
            if worklist in ("receive", "process", "sign"):
                for dossier in Dossier.objects.filter(code__in=got):
                    assert dossier_allowed_for(actor=actor, dossier=dossier).any, (who, worklist, dossier.state)
        _check_done_pages(actor, _brute(actor, "done", now), now)


def test_pages_follow_the_appointments_not_the_filing_order(staff: Staff) -> None:
    for days_ago in (0, 10, 20, 30):
        _make(staff, True, 1, "", days_ago)
    made = list(Dossier.objects.order_by("submitted_at").values_list("pk", flat=True))
    now = timezone.now()
    for n, pk in enumerate(made):  # the newest filing is due first, one of them has no appointment
        Dossier.objects.filter(pk=pk).update(due_at=None if n == 1 else now - dt.timedelta(days=n, hours=1))
    for who in ("specialist", "commune_leader"):
        for worklist in ("process", "overdue"):
            _check_plain_pages(staff.actor(who), worklist, now)
    page = worklist_for(actor=staff.actor("commune_leader"), worklist="overdue", limit=10, now=now)
    assert [row.pk for row in page.items] == [made[3], made[2], made[0]]


def test_an_observer_who_moved_to_another_agency_no_longer_watches(staff: Staff) -> None:
    from motcua.agencies.services import membership_grant

    _make(staff, True, 1, "co", 0)  # the commune's administrator observes it
    assert len(worklist_for(actor=staff.actor("admin"), worklist="watch").items) == 1
    Membership.objects.filter(user=staff.admin).delete()
    membership_grant(user_id=staff.admin.pk, agency=staff.other_commune, role="agency_admin")
    actor = staff.actor("admin")
    assert not Dossier.objects.visible_to(actor).exists()
    assert worklist_for(actor=actor, worklist="watch").items == []
    assert worklist_for(actor=actor, worklist="watch").count == 0


def _check_plain_pages(actor: Actor, worklist: str, now: dt.datetime) -> None:
    ordered = list(
        worklist_queryset(actor=actor, worklist=worklist, now=now)
        .order_by("due_at", "submitted_at", "id")
        .values_list("pk", flat=True)
    )
    for size in (1, 2, 50):
        for offset in range(0, len(ordered) + size, size):
            page = worklist_for(actor=actor, worklist=worklist, limit=size, offset=offset, now=now)
            assert [row.pk for row in page.items] == ordered[offset : offset + size], (worklist, size, offset)
            assert page.count == len(ordered), (worklist, size, offset)


def _check_done_pages(actor: Actor, codes: set[str], now: dt.datetime) -> None:
    """The "done" list's pages (read in order from per-agency indexes and merged) are the brute-force list,
    newest first, page by page; its count is exact, or "more than the cap" only when it is."""
    done = sorted(Dossier.objects.filter(code__in=codes).values_list("pk", flat=True), reverse=True)
    for cap in (1, 1000):
        with patch("motcua.dossiers.worklists.DONE_CAP", cap):
            for offset in range(len(done) + 1):
                page = worklist_for(actor=actor, worklist="done", limit=1, offset=offset, now=now)
                assert [d.pk for d in page.items] == done[offset : offset + 1], (cap, offset)
                if page.capped:
                    assert len(done) > cap and page.count > offset + 1, (cap, offset)
                else:
                    assert page.count == len(done), (cap, offset)


def test_the_stranger_has_empty_worklists(staff: Staff) -> None:
    _make(staff, False, 2, "", 0)
    actor = staff.actor("stranger")
    assert all(not worklist_queryset(actor=actor, worklist=name).exists() for name in WORKLISTS)


@pytest.mark.parametrize(("shift", "expected"), [(dt.timedelta(hours=1), "due"), (dt.timedelta(hours=-1), "overdue")])
def test_due_and_overdue_worklists(staff: Staff, shift: dt.timedelta, expected: str) -> None:
    _make(staff, False, 0, "", 0)
    dossier = Dossier.objects.get()
    due = (timezone.now() + shift).isoformat()
    svc.dossier_correct(actor=staff.actor("admin"), dossier_id=dossier.pk, field="due_at", value=due, reason="Sửa hẹn")
    for who in ("specialist", "commune_leader"):
        actor = staff.actor(who)
        lists = {
            name for name in WORKLISTS if worklist_queryset(actor=actor, worklist=name).filter(pk=dossier.pk).exists()
        }
        assert lists == {"process", expected}, who
