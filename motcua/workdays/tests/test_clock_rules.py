"""Hand-written deadline cases, one rule each (domain guide §1.5 and §10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.workdays import (
    Calendar,
    add,
    deadline,
    effective_start,
    is_working_day,
    is_working_time,
    next_working_day,
    previous_working_day,
)
from motcua.workdays.tests.helpers import at, official

H = dt.timedelta(hours=1)


# --- the example -----------------------------------------------------------------------------
def test_three_working_days_from_friday_24_april_2026_skip_27_april_and_30_april_1_may(notices: Calendar) -> None:
    # Hùng Kings' day is Sunday 26/4, so Monday 27/4 is off; 30/4 and 1/5 are off too.
    assert add(notices, at(2026, 4, 24, 8), 3, "working_days") == at(2026, 5, 4, 8)


def test_the_same_example_under_the_law_alone(law: Calendar) -> None:
    assert add(law, at(2026, 4, 24, 8), 3, "working_days") == at(2026, 5, 4, 8)


# --- effective start ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("intake", "start"),
    [
        (at(2026, 4, 6, 9, 15), at(2026, 4, 6, 9, 15)),  # during working hours: at once
        (at(2026, 4, 6, 7, 0), at(2026, 4, 6, 7, 0)),  # the first working minute
        (at(2026, 4, 6, 6, 59, 59), at(2026, 4, 6, 7, 0)),  # before 07:00 → 07:00
        (at(2026, 4, 6, 0, 0), at(2026, 4, 6, 7, 0)),  # midnight
        (at(2026, 4, 6, 11, 30), at(2026, 4, 6, 13, 30)),  # the lunch break starts → 13:30
        (at(2026, 4, 6, 12, 15), at(2026, 4, 6, 13, 30)),  # during lunch → 13:30
        (at(2026, 4, 6, 13, 30), at(2026, 4, 6, 13, 30)),
        (at(2026, 4, 6, 16, 59), at(2026, 4, 6, 16, 59)),  # the last working minute still counts
        (at(2026, 4, 6, 17, 0), at(2026, 4, 7, 7, 0)),  # at 17:00 → next working morning
        (at(2026, 4, 6, 21, 0), at(2026, 4, 7, 7, 0)),  # evening → next working morning
        (at(2026, 4, 10, 17, 30), at(2026, 4, 13, 7, 0)),  # Friday evening → Monday
        (at(2026, 4, 11, 10, 0), at(2026, 4, 13, 7, 0)),  # Saturday → Monday
        (at(2026, 4, 30, 10, 0), at(2026, 5, 4, 7, 0)),  # Victory Day → after the long weekend
        (at(2026, 4, 29, 18, 0), at(2026, 5, 4, 7, 0)),  # the evening before 30/4
    ],
)
def test_effective_start(notices: Calendar, intake: dt.datetime, start: dt.datetime) -> None:
    assert effective_start(notices, intake) == start


def test_effective_start_on_a_declared_day_off_2026_tet(notices: Calendar) -> None:
    assert effective_start(notices, at(2026, 2, 14, 9)) == at(2026, 2, 23, 7)


def test_an_instant_in_another_zone_is_read_in_ha_noi_time(notices: Calendar) -> None:
    utc = dt.datetime(2026, 4, 6, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hà Nội
    result = deadline(notices, utc, 1, "hours")
    assert result.start_effective == at(2026, 4, 6, 8)
    assert result.due == at(2026, 4, 6, 9)
    assert result.due.utcoffset() == dt.timedelta(hours=7)


# --- working hours -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(2026, 4, 6, 10, 30), 2, at(2026, 4, 6, 14, 30)),  # across the lunch break
        (at(2026, 4, 6, 9, 0), 4, at(2026, 4, 6, 15, 0)),  # 2.5 h before lunch, 1.5 h after
        (at(2026, 4, 6, 7, 0), 8, at(2026, 4, 6, 17, 0)),  # a whole day ends at 17:00, not next morning
        (at(2026, 4, 6, 7, 0), Decimal("4.5"), at(2026, 4, 6, 11, 30)),  # ends at the start of lunch
        (at(2026, 4, 6, 16, 30), 1, at(2026, 4, 7, 7, 30)),  # across the night
        (at(2026, 4, 10, 16, 0), 2, at(2026, 4, 13, 8, 0)),  # across the weekend
        (at(2026, 4, 6, 12, 0), 1, at(2026, 4, 6, 14, 30)),  # intake at lunch starts at 13:30
        (at(2026, 4, 6, 18, 0), 4, at(2026, 4, 7, 11, 0)),  # intake after hours starts next morning
        (at(2026, 4, 29, 15, 0), 3, at(2026, 5, 4, 8, 0)),  # across 30/4–3/5
        (at(2026, 4, 6, 8, 0), Decimal("0.25"), at(2026, 4, 6, 8, 15)),
    ],
)
def test_hours(notices: Calendar, start: dt.datetime, hours: int | Decimal, due: dt.datetime) -> None:
    assert add(notices, start, hours, "hours") == due


# --- working days ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 4, 6, 7, 0), 1, at(2026, 4, 6, 17, 0)),  # Monday morning → Monday evening
        (at(2026, 4, 6, 10, 0), 1, at(2026, 4, 7, 10, 0)),
        (at(2026, 4, 6, 8, 0), 5, at(2026, 4, 13, 8, 0)),  # a week, over the weekend
        (at(2026, 4, 10, 14, 0), 1, at(2026, 4, 13, 14, 0)),  # Friday → Monday
        (at(2026, 4, 6, 14, 0), 1, at(2026, 4, 7, 14, 0)),
        (at(2026, 4, 6, 8, 0), 0, at(2026, 4, 6, 8, 0)),  # nothing to do: due at the start
        (at(2026, 4, 11, 8, 0), 0, at(2026, 4, 13, 7, 0)),  # …which is effective
        (at(2026, 4, 6, 8, 0), Decimal("0.5"), at(2026, 4, 6, 14, 0)),  # half a day = 4 working hours
        (at(2026, 11, 23, 10, 0), 1, at(2026, 11, 25, 10, 0)),  # over Culture Day 24/11/2026
        (at(2026, 8, 28, 9, 0), 1, at(2026, 9, 3, 9, 0)),  # National Day 2026: Monday 31/8 swapped off
        (at(2026, 2, 12, 8, 0), 3, at(2026, 2, 24, 8, 0)),  # Tết Bính Ngọ, 14–22/2 off
        (at(2026, 1, 9, 10, 0), 1, at(2026, 1, 10, 10, 0)),  # Saturday 10/1/2026 is a declared working day
        (at(2025, 12, 31, 10, 0), 1, at(2026, 1, 5, 10, 0)),  # 1/1 and the swapped Friday 2/1 are off
        (at(2025, 4, 25, 10, 0), 1, at(2025, 4, 26, 10, 0)),  # Saturday 26/4/2025 worked…
        (at(2025, 4, 29, 10, 0), 1, at(2025, 5, 5, 10, 0)),  # …in exchange for Friday 2/5/2025
        (at(2025, 1, 24, 10, 0), 1, at(2025, 2, 3, 10, 0)),  # Tết Ất Tỵ as declared: back on Monday 3/2
        (at(2026, 12, 31, 9, 0), 1, at(2027, 1, 4, 9, 0)),  # into 2027 (New Year on a Friday)
    ],
)
def test_working_days(notices: Calendar, start: dt.datetime, days: int | Decimal, due: dt.datetime) -> None:
    assert add(notices, start, days, "working_days") == due


def test_without_the_notices_the_swapped_days_are_ordinary(law: Calendar) -> None:
    assert add(law, at(2026, 1, 9, 10), 1, "working_days") == at(2026, 1, 12, 10)  # Saturday 10/1 off
    assert add(law, at(2025, 12, 31, 10), 1, "working_days") == at(2026, 1, 2, 10)  # Friday 2/1 worked
    assert add(law, at(2026, 8, 28, 9), 1, "working_days") == at(2026, 8, 31, 9)  # Monday 31/8 worked


def test_tet_2025_default_placement_differs_from_the_declared_one(law: Calendar, notices: Calendar) -> None:
    # Default: 28/1–1/2 (Saturday 1/2 compensated on Monday 3/2). Declared: 27/1–31/1, back on 3/2.
    assert is_working_day(law, dt.date(2025, 1, 27))
    assert not is_working_day(law, dt.date(2025, 2, 3))
    assert not is_working_day(notices, dt.date(2025, 1, 27))
    assert is_working_day(notices, dt.date(2025, 2, 3))


def test_hung_kings_day_in_2025_is_a_monday(notices: Calendar) -> None:
    assert add(notices, at(2025, 4, 4, 9), 1, "working_days") == at(2025, 4, 8, 9)


# --- calendar days -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 4, 6, 8, 0), 7, at(2026, 4, 13, 8, 0)),  # a working day: kept
        (at(2026, 4, 1, 8, 0), 30, at(2026, 5, 4, 8, 0)),  # 1/5 is a holiday, then a weekend → Monday 4/5
        (at(2026, 4, 20, 8, 0), 7, at(2026, 4, 28, 8, 0)),  # 27/4 compensatory → Tuesday
        (at(2026, 4, 10, 8, 0), 1, at(2026, 4, 13, 8, 0)),  # Saturday → Monday
        (at(2026, 4, 10, 18, 0), 1, at(2026, 4, 14, 7, 0)),  # counted from the effective start (Mon 07:00)
        (at(2026, 2, 3, 10, 0), 10, at(2026, 2, 13, 10, 0)),
        (at(2026, 2, 10, 10, 0), 10, at(2026, 2, 23, 10, 0)),  # 20/2 in Tết → Monday 23/2
        (at(2026, 12, 18, 9, 0), 15, at(2027, 1, 4, 9, 0)),  # Saturday 2/1/2027 → Monday 4/1, over the year end
    ],
)
def test_calendar_days_never_end_on_a_day_off(
    notices: Calendar, start: dt.datetime, days: int, due: dt.datetime
) -> None:
    assert add(notices, start, days, "days") == due


def test_calendar_days_may_skip_holidays_when_configured() -> None:
    skipping = official(calendar_days_skip_holidays=True)
    # From Tuesday 10/2/2026: 11–15 count (weekly rest days count), the five Tết days 16–20 do not,
    # 21–25 count: the 10th day is Wednesday 25/2.
    assert add(skipping, at(2026, 2, 10, 10), 10, "days") == at(2026, 2, 25, 10)
    # By default every day counts and 20/2 (Tết) rolls forward to Monday 23/2.
    assert add(official(), at(2026, 2, 10, 10), 10, "days") == at(2026, 2, 23, 10)


# --- helpers -----------------------------------------------------------------------------------------
def test_is_working_time_has_half_open_periods(notices: Calendar) -> None:
    assert is_working_time(notices, at(2026, 4, 6, 7, 0))
    assert not is_working_time(notices, at(2026, 4, 6, 11, 30))
    assert is_working_time(notices, at(2026, 4, 6, 13, 30))
    assert not is_working_time(notices, at(2026, 4, 6, 17, 0))
    assert not is_working_time(notices, at(2026, 4, 11, 9, 0))  # Saturday


def test_next_and_previous_working_day(notices: Calendar) -> None:
    assert next_working_day(notices, dt.date(2026, 4, 29)) == dt.date(2026, 5, 4)
    assert previous_working_day(notices, dt.date(2026, 5, 4)) == dt.date(2026, 4, 29)
    assert previous_working_day(notices, dt.date(2026, 1, 5)) == dt.date(2025, 12, 31)
