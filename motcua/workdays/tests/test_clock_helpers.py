"""Pauses, elapsed and remaining time, the apology slip, schedules, and refused input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.workdays import (
    Calendar,
    InvalidAmountError,
    NaiveDatetimeError,
    OutOfRangeError,
    Schedule,
    WorkdaysError,
    add,
    add_working_time,
    apology_deadline,
    deadline,
    due_within,
    elapsed,
    extend_for_pauses,
    is_working_day,
    remaining,
    working_time,
)
from motcua.workdays.rules import CalendarSpec, parse_periods, parse_weekend
from motcua.workdays.tests.helpers import at, with_schedules

H = dt.timedelta(hours=1)


# --- pauses ------------------------------------------------------------------------------------------
def test_a_supplement_request_moves_the_due_time_by_the_paused_working_time(notices: Calendar) -> None:
    start = at(2026, 4, 6, 8)
    assert add(notices, start, 3, "working_days") == at(2026, 4, 9, 8)
    pause = (at(2026, 4, 7, 10), at(2026, 4, 8, 10))  # one working day
    assert deadline(notices, start, 3, "working_days", [pause]).due == at(2026, 4, 10, 8)


def test_several_pauses_add_up(notices: Calendar) -> None:
    pauses = [(at(2026, 4, 7, 10), at(2026, 4, 7, 12)), (at(2026, 4, 8, 14), at(2026, 4, 8, 16))]  # 1.5 h + 2 h
    assert deadline(notices, at(2026, 4, 6, 8), 3, "working_days", pauses).due == at(2026, 4, 9, 11, 30)


def test_overlapping_pauses_count_once(notices: Calendar) -> None:
    pauses = [(at(2026, 4, 7, 8), at(2026, 4, 7, 10)), (at(2026, 4, 7, 9), at(2026, 4, 7, 10, 30))]
    assert deadline(notices, at(2026, 4, 6, 8), 1, "working_days", pauses).due == at(2026, 4, 7, 10, 30)


def test_a_pause_over_a_weekend_counts_only_working_hours(notices: Calendar) -> None:
    pause = (at(2026, 4, 10, 16), at(2026, 4, 13, 8))  # Friday 16:00 → Monday 08:00 = 2 working hours
    assert elapsed(notices, *pause) == 2 * H
    assert extend_for_pauses(notices, at(2026, 4, 14, 9), [pause]) == at(2026, 4, 14, 11)


def test_a_pause_before_the_clock_started_does_not_count(notices: Calendar) -> None:
    pause = (at(2026, 4, 3, 8), at(2026, 4, 6, 10))  # from Friday before the intake until Monday 10:00
    assert deadline(notices, at(2026, 4, 6, 8), 1, "working_days", [pause]).due == at(2026, 4, 7, 10)


def test_an_answer_after_the_due_time_still_moves_it_by_the_whole_pause(notices: Calendar) -> None:
    pause = (at(2026, 4, 6, 16), at(2026, 4, 8, 16))  # 2 working days; the due time was 7/4 08:00
    assert deadline(notices, at(2026, 4, 6, 8), 1, "working_days", [pause]).due == at(2026, 4, 9, 8)


def test_a_pause_across_the_lunch_break_only_counts_its_working_time(notices: Calendar) -> None:
    assert extend_for_pauses(notices, at(2026, 4, 6, 17), [(at(2026, 4, 6, 11), at(2026, 4, 6, 14))]) == at(
        2026, 4, 7, 8
    )


def test_a_pause_ending_before_it_starts_is_refused(notices: Calendar) -> None:
    with pytest.raises(WorkdaysError) as refused:
        extend_for_pauses(notices, at(2026, 4, 9, 8), [(at(2026, 4, 7, 10), at(2026, 4, 7, 9))])
    assert refused.value.argument == "pauses"


# --- elapsed, remaining, due soon --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "worked"),
    [
        (at(2026, 4, 6, 8), at(2026, 4, 6, 10), 2 * H),
        (at(2026, 4, 6, 11), at(2026, 4, 6, 14), 1 * H),  # lunch does not count
        (at(2026, 4, 6, 12), at(2026, 4, 6, 13), dt.timedelta(0)),  # all lunch
        (at(2026, 4, 6, 18), at(2026, 4, 7, 6), dt.timedelta(0)),  # the night
        (at(2026, 4, 29, 16), at(2026, 5, 4, 8), 2 * H),  # over 30/4–3/5
        (at(2025, 12, 31, 16), at(2026, 1, 5, 8), 2 * H),  # over the year end and the New Year bridge
        (at(2026, 4, 6, 10), at(2026, 4, 6, 8), -2 * H),  # backwards: negative
    ],
)
def test_elapsed(notices: Calendar, start: dt.datetime, end: dt.datetime, worked: dt.timedelta) -> None:
    assert elapsed(notices, start, end) == worked


def test_remaining_is_negative_once_overdue(notices: Calendar) -> None:
    due = at(2026, 4, 9, 8)
    assert remaining(notices, at(2026, 4, 8, 16), due) == 2 * H
    assert remaining(notices, at(2026, 4, 9, 10), due) == -2 * H


def test_due_within_the_next_working_hours(notices: Calendar) -> None:
    due = at(2026, 4, 13, 9)  # Monday 09:00
    assert due_within(notices, at(2026, 4, 10, 16), due, 4)  # Friday 16:00: 3 working hours left
    assert not due_within(notices, at(2026, 4, 10, 16), due, 2)
    assert not due_within(notices, at(2026, 4, 13, 10), due, 8)  # already overdue


# --- apology slip ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("due", "latest"),
    [
        (at(2026, 4, 9, 8), dt.date(2026, 4, 8)),
        (at(2026, 4, 13, 15), dt.date(2026, 4, 10)),  # due Monday: apologise by Friday
        (at(2026, 4, 28, 10), dt.date(2026, 4, 24)),  # 25–27/4 are off
        (at(2026, 5, 4, 8), dt.date(2026, 4, 29)),  # 30/4–3/5 are off
    ],
)
def test_apology_slip_one_working_day_before_the_due_date(notices: Calendar, due: dt.datetime, latest: dt.date) -> None:
    assert apology_deadline(notices, due) == latest


def test_apology_lead_is_a_setting() -> None:
    two = Calendar(CalendarSpec(apology_lead_days=2))
    assert apology_deadline(two, at(2026, 4, 9, 8)) == dt.date(2026, 4, 7)


# --- schedules ---------------------------------------------------------------------------------------
def test_an_agency_working_saturdays() -> None:
    saturdays = with_schedules(Schedule(weekend=frozenset({6})))
    assert add(saturdays, at(2026, 4, 10, 14), 1, "working_days") == at(2026, 4, 11, 14)
    # 30/4/2022 was a Saturday: a working day's holiday, not compensated; Sunday 1/5 is, on Monday 2/5.
    assert not is_working_day(saturdays, dt.date(2022, 4, 30))
    assert not is_working_day(saturdays, dt.date(2022, 5, 2))
    assert is_working_day(saturdays, dt.date(2022, 5, 3))


def test_a_new_schedule_applies_from_its_date() -> None:
    later = Schedule(
        valid_from=dt.date(2026, 7, 1),
        periods=((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0))),
    )
    calendar = with_schedules(Schedule(), later)
    assert add(calendar, at(2026, 6, 30, 16, 30), 1, "hours") == at(2026, 7, 1, 8, 0)
    assert add(calendar, at(2026, 7, 1, 11, 0), 1, "hours") == at(2026, 7, 1, 13, 30)


def test_a_schedule_without_a_lunch_break() -> None:
    calendar = with_schedules(Schedule(periods=((dt.time(8), dt.time(16)),)))
    assert add(calendar, at(2026, 4, 6, 11), 2, "hours") == at(2026, 4, 6, 13)


def test_the_length_of_a_working_day_is_a_setting() -> None:
    seven = Calendar(CalendarSpec(working_day=7 * H))
    assert working_time(seven, 2, "working_days") == 14 * H
    assert add(seven, at(2026, 4, 6, 7), 1, "working_days") == at(2026, 4, 6, 16)


def test_settings_values_are_parsed() -> None:
    assert parse_periods("07:30-11:30, 13:00-16:30") == (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(16, 30)),
    )
    assert parse_weekend(["Sat", "sunday"]) == frozenset({5, 6})
    with pytest.raises(ValueError, match="HH:MM"):
        parse_periods("07:00")
    with pytest.raises(ValueError, match="unknown weekday"):
        parse_weekend(["weekend"])
    with pytest.raises(ValueError, match="overlap"):
        Schedule(periods=((dt.time(7), dt.time(12)), (dt.time(11), dt.time(17))))
    with pytest.raises(ValueError, match="weekend"):
        Schedule(weekend=frozenset(range(7)))


# --- refused input -----------------------------------------------------------------------------------
def test_a_naive_datetime_is_refused_naming_the_argument(notices: Calendar) -> None:
    with pytest.raises(NaiveDatetimeError) as refused:
        add(notices, dt.datetime(2026, 4, 6, 8), 1, "working_days")
    assert refused.value.argument == "start"
    assert refused.value.status == 422
    with pytest.raises(NaiveDatetimeError) as refused:
        elapsed(notices, at(2026, 4, 6, 8), dt.datetime(2026, 4, 7, 8))
    assert refused.value.argument == "end"


@pytest.mark.parametrize(
    ("amount", "unit", "argument"),
    [
        (-1, "working_days", "amount"),
        (2_501, "working_days", "amount"),
        (20_001, "hours", "amount"),
        (3_661, "days", "amount"),
        (Decimal("1.5"), "days", "amount"),
        (Decimal("NaN"), "hours", "amount"),
        (Decimal("0.000000001"), "hours", "amount"),  # 3.6 µs: not a whole microsecond
        ("3", "hours", "amount"),
        (True, "hours", "amount"),
        (1, "weeks", "unit"),
    ],
)
def test_bad_amounts_and_units_are_refused(notices: Calendar, amount: object, unit: str, argument: str) -> None:
    with pytest.raises(WorkdaysError) as refused:
        add(notices, at(2026, 4, 6, 8), amount, unit)  # type: ignore[arg-type]
    assert refused.value.argument == argument


def test_a_float_amount_is_read_as_its_decimal(notices: Calendar) -> None:
    assert add(notices, at(2026, 4, 6, 8), 1.5, "hours") == at(2026, 4, 6, 9, 30)  # type: ignore[arg-type]


def test_outside_the_supported_years(notices: Calendar) -> None:
    with pytest.raises(OutOfRangeError) as refused:
        add(notices, at(2100, 1, 4, 8), 1, "hours")
    assert refused.value.argument == "start"
    with pytest.raises(OutOfRangeError) as refused:
        add(notices, at(2099, 12, 30, 8), 30, "days")
    assert refused.value.argument == "amount"
    with pytest.raises(OutOfRangeError):
        notices.table(2013)


def test_add_working_time_refuses_a_negative_duration(notices: Calendar) -> None:
    with pytest.raises(InvalidAmountError):
        add_working_time(notices, at(2026, 4, 6, 8), -H)
    assert add_working_time(notices, at(2026, 4, 6, 12), dt.timedelta(0)) == at(2026, 4, 6, 12)
