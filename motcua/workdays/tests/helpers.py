"""Small builders shared by the workdays tests."""

from __future__ import annotations

import datetime as dt

from motcua.workdays.calendar import Calendar
from motcua.workdays.holidays import HolidayPolicy
from motcua.workdays.official import official_declarations
from motcua.workdays.rules import VIETNAM, CalendarSpec, Declaration, Schedule

HN = VIETNAM


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0, second: int = 0) -> dt.datetime:
    """A Hà Nội wall-clock instant."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=HN)


def statutory(**policy: object) -> Calendar:
    """The calendar of the law alone: no declared notice, default placements (or the given policy)."""
    return Calendar(CalendarSpec(policy=HolidayPolicy(**policy)))  # type: ignore[arg-type]


def official(*extra: Declaration, **spec: object) -> Calendar:
    """The law plus the official 2025–2026 notices shipped in data/holidays-vn.json."""
    return Calendar(CalendarSpec(declarations=(*official_declarations(), *extra), **spec))  # type: ignore[arg-type]


def with_schedules(*schedules: Schedule, **spec: object) -> Calendar:
    return Calendar(CalendarSpec(schedules=schedules, **spec))  # type: ignore[arg-type]
