"""Hand-written boundary cases of Biểu 06 (domain guide 1.9), each checked against the brute-force recount."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.facts import local_day
from motcua.statistics.selectors import agencies_under, form06
from motcua.statistics.services import rollups_rebuild, rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, recount, working_day


def _report(staff: Staff, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    rollups_update_all()
    scope = agencies_under([staff.desk.pk])
    report = form06(allowed=scope, agency_code=staff.desk.code, date_from=date_from, date_to=date_to)
    assert report.total.values == recount({staff.desk.pk}, date_from, date_to)
    assert rollups_rebuild(write=False) == []
    return report.total.values


def _due(d: Dossier) -> dt.date:
    d.refresh_from_db()
    assert d.due_at is not None
    return local_day(d.due_at)


def test_finished_exactly_on_the_due_date_is_on_time(staff: Staff) -> None:
    d = intake(staff, at(working_day(0)))
    due = _due(d)
    for verb in RESOLVE:
        assert act(staff, d.pk, verb, at(due, 8))
    row = _report(staff, working_day(0), due)
    assert row["resolved_on_time"] == 1 and row["resolved_early"] == 0 and row["resolved_late"] == 0
    assert row["received_other"] == 1 and row["in_progress_total"] == 0


def test_finished_the_day_after_is_late_and_the_day_before_early(staff: Staff) -> None:
    late, early = intake(staff, at(working_day(0))), intake(staff, at(working_day(0)), "online")
    due = _due(late)
    for verb in RESOLVE:
        assert act(staff, late.pk, verb, at(due + dt.timedelta(days=1)))
        assert act(staff, early.pk, verb, at(due - dt.timedelta(days=1)))
    row = _report(staff, working_day(0), working_day(20))
    assert (row["resolved_late"], row["resolved_early"], row["received_online"]) == (1, 1, 1)


def test_carried_over_from_the_previous_period(staff: Staff) -> None:
    d = intake(staff, at(working_day(0)))
    for verb in RESOLVE:
        assert act(staff, d.pk, verb, at(working_day(3)))
    intake(staff, at(working_day(0)))  # still open
    finished_before = intake(staff, at(working_day(0)))
    assert act(staff, finished_before.pk, "withdraw", at(working_day(1)))
    row = _report(staff, working_day(2), working_day(10))
    assert row["carried_over"] == 2 and row["received_online"] + row["received_other"] == 0
    assert row["resolved_total"] == 1 and row["withdrawn"] == 0 and row["in_progress_total"] == 1


def test_in_progress_at_period_end_with_the_due_date_equal_to_the_period_end(staff: Staff) -> None:
    d = intake(staff, at(working_day(0)))
    due = _due(d)
    on_due = _report(staff, working_day(0), due)
    assert on_due["in_progress_within"] == 1 and on_due["in_progress_overdue"] == 0
    after = _report(staff, working_day(0), due + dt.timedelta(days=1))
    assert after["in_progress_within"] == 0 and after["in_progress_overdue"] == 1


def test_two_supplement_requests(staff: Staff, settings: Any) -> None:
    settings.DOSSIERS_MAX_SUPPLEMENTS = 2
    d = intake(staff, at(working_day(0)))
    assert act(staff, d.pk, "supplement", at(working_day(1)))
    during = _report(staff, working_day(0), working_day(1))
    assert during["in_progress_total"] == 0  # waiting for the citizen: not being processed
    assert act(staff, d.pk, "answer", at(working_day(2)))
    assert act(staff, d.pk, "supplement", at(working_day(3)))
    assert act(staff, d.pk, "answer", at(working_day(4)))
    assert Dossier.objects.get(pk=d.pk).supplements == 2
    row = _report(staff, working_day(0), working_day(4))
    assert row["in_progress_total"] == 1 and row["received_total"] == 1


@pytest.mark.parametrize("when", [0, 2])
def test_withdrawn_is_reported_apart(staff: Staff, when: int) -> None:
    d = intake(staff, at(working_day(0)))
    assert act(staff, d.pk, "withdraw", at(working_day(when), 15))
    row = _report(staff, working_day(0), working_day(5))
    assert row["withdrawn"] == 1 and row["resolved_total"] == 0 and row["in_progress_total"] == 0
