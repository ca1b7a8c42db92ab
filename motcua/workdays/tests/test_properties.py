"""Properties of the legal clock, checked by hypothesis on several calendars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import (
    Calendar,
    Schedule,
    add,
    add_working_time,
    deadline,
    effective_start,
    elapsed,
    extend_for_pauses,
    is_working_day,
    working_time,
)
from motcua.workdays.tests.helpers import HN, official, statutory, with_schedules

CALENDARS = {
    "notices": official(),
    "law": statutory(tet_days_before=2, national_day_adjacent="after", culture_day_compensated=True),
    "saturdays": with_schedules(
        Schedule(weekend=frozenset({6})),
        Schedule(valid_from=dt.date(2026, 7, 1), periods=((dt.time(7, 30), dt.time(16, 30)),)),
    ),
}
ZONES = [HN, dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=9, minutes=30))]

calendars = st.sampled_from(sorted(CALENDARS)).map(CALENDARS.__getitem__)
instants = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.sampled_from(ZONES)
)
working_units = st.sampled_from(["working_days", "hours"])
whole = st.integers(min_value=0, max_value=60)
hours = st.decimals(min_value=0, max_value=200, places=2)
PROPERTY = settings(max_examples=300, deadline=None)


def _on_working_time(calendar: Calendar, instant: dt.datetime) -> bool:
    """On a working day, inside a working period or at its end (a due time may end a period)."""
    table, index, us = calendar.locate(instant, "instant")
    return any(start <= us <= end for start, end in table.periods[index])


@PROPERTY
@given(calendars, instants, whole, st.sampled_from(["working_days", "hours", "days"]))
def test_due_is_not_before_the_effective_start(calendar: Calendar, start: dt.datetime, n: int, unit: str) -> None:
    result = deadline(calendar, start, n, unit)
    assert start <= result.start_effective <= result.due


@PROPERTY
@given(calendars, instants, whole, st.integers(min_value=1, max_value=60), working_units)
def test_adding_n_then_m_is_adding_n_plus_m(calendar: Calendar, start: dt.datetime, n: int, m: int, unit: str) -> None:
    assert add(calendar, add(calendar, start, n, unit), m, unit) == add(calendar, start, n + m, unit)


@PROPERTY
@given(calendars, instants, hours, hours.filter(lambda d: d > 0))
def test_adding_decimal_hours_composes(calendar: Calendar, start: dt.datetime, n: Decimal, m: Decimal) -> None:
    assert add(calendar, add(calendar, start, n, "hours"), m, "hours") == add(calendar, start, n + m, "hours")


@PROPERTY
@given(calendars, instants, whole, st.sampled_from(["working_days", "hours", "days"]))
def test_due_is_never_on_a_day_off_nor_outside_working_hours(
    calendar: Calendar, start: dt.datetime, n: int, unit: str
) -> None:
    due = add(calendar, start, n, unit)
    assert is_working_day(calendar, due.astimezone(HN).date())
    assert _on_working_time(calendar, due)
    assert due.utcoffset() == dt.timedelta(hours=7)


@PROPERTY
@given(calendars, instants, whole, whole, st.sampled_from(["working_days", "hours", "days"]))
def test_monotonic_in_the_amount(calendar: Calendar, start: dt.datetime, a: int, b: int, unit: str) -> None:
    low, high = sorted((a, b))
    assert add(calendar, start, low, unit) <= add(calendar, start, high, unit)


@PROPERTY
@given(calendars, instants, whole, working_units)
def test_elapsed_from_start_to_due_is_the_amount(calendar: Calendar, start: dt.datetime, n: int, unit: str) -> None:
    assert elapsed(calendar, start, add(calendar, start, n, unit)) == working_time(calendar, n, unit)


@PROPERTY
@given(calendars, instants, hours)
def test_elapsed_inverts_adding_working_time(calendar: Calendar, start: dt.datetime, n: Decimal) -> None:
    p = working_time(calendar, n, "hours")
    assert elapsed(calendar, start, add_working_time(calendar, start, p)) == p


@PROPERTY
@given(calendars, instants, whole, st.floats(min_value=0, max_value=1), hours)
def test_a_pause_of_p_working_hours_moves_the_due_time_by_p(
    calendar: Calendar, start: dt.datetime, n: int, where: float, p: Decimal
) -> None:
    result = deadline(calendar, start, n, "working_days")
    paused = result.start_effective + (result.due - result.start_effective) * where
    resumed = add_working_time(calendar, paused, working_time(calendar, p, "hours"))
    moved = deadline(calendar, start, n, "working_days", [(paused, resumed)]).due
    assert elapsed(calendar, result.due, moved) == working_time(calendar, p, "hours")
    assert elapsed(calendar, paused, resumed) == working_time(calendar, p, "hours")


@PROPERTY
@given(calendars, instants, st.lists(st.tuples(instants, instants), max_size=4), instants)
def test_pauses_add_up_when_they_do_not_overlap(
    calendar: Calendar, due: dt.datetime, raw: list[tuple[dt.datetime, dt.datetime]], clock_start: dt.datetime
) -> None:
    pauses = [tuple(sorted(p)) for p in raw]
    merged = extend_for_pauses(calendar, due, pauses, clock_start=clock_start)  # type: ignore[arg-type]
    assert merged >= due
    if all(a[1] <= b[0] or b[1] <= a[0] for i, a in enumerate(pauses) for b in pauses[i + 1 :]):
        expected = sum(
            (max(elapsed(calendar, max(p0, clock_start), p1), dt.timedelta(0)) for p0, p1 in pauses), dt.timedelta(0)
        )
        assert elapsed(calendar, due, merged) == expected


@PROPERTY
@given(calendars, instants)
def test_the_effective_start_is_a_fixed_point(calendar: Calendar, start: dt.datetime) -> None:
    first = effective_start(calendar, start)
    assert effective_start(calendar, first) == first
    assert elapsed(calendar, start, first) == dt.timedelta(0)


@PROPERTY
@given(calendars, instants, st.integers(min_value=0, max_value=400))
def test_calendar_days_end_on_the_first_working_day_from_the_count(
    calendar: Calendar, start: dt.datetime, n: int
) -> None:
    first = effective_start(calendar, start).astimezone(HN)
    day = first.date() + dt.timedelta(days=n)
    while not is_working_day(calendar, day):
        day += dt.timedelta(days=1)
    assert add(calendar, start, n, "days") == effective_start(calendar, dt.datetime.combine(day, first.timetz()))
