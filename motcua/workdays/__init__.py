"""The legal clock: Vietnam's working-day calendar and deadline arithmetic (thời hạn giải quyết).

Pure functions over an immutable :class:`Calendar`; :func:`calendar_for` gives the deployment's (or an
agency's) cached calendar built from the settings and the database::

    from motcua.workdays import calendar_for, deadline
    d = deadline(calendar_for(), received_at, 3, "working_days")   # d.start_effective, d.due

Importing this package does not import the models, so it is safe while Django loads its apps.
"""

from __future__ import annotations

from motcua.workdays.calendar import Calendar
from motcua.workdays.clock import (
    Deadline,
    Pause,
    add,
    add_working_time,
    apology_deadline,
    deadline,
    due_within,
    effective_start,
    elapsed,
    extend_for_pauses,
    is_working_day,
    is_working_time,
    next_working_day,
    previous_working_day,
    remaining,
    working_time,
)
from motcua.workdays.constants import Unit
from motcua.workdays.exceptions import InvalidAmountError, NaiveDatetimeError, OutOfRangeError, WorkdaysError
from motcua.workdays.rules import CalendarSpec, Declaration, Schedule


def calendar_for(agency_id: int | None = None) -> Calendar:
    """The cached calendar of the deployment, or of one agency (reads the database on first use)."""
    from motcua.workdays.loader import calendar_for as load

    return load(agency_id)


def calendar_cache_clear() -> None:
    """Forget this process's cached calendars (tests that roll back declarations call it)."""
    from motcua.workdays.loader import calendar_cache_clear as clear

    clear()


__all__ = [
    "Calendar",
    "CalendarSpec",
    "Deadline",
    "Declaration",
    "InvalidAmountError",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "Pause",
    "Schedule",
    "Unit",
    "WorkdaysError",
    "add",
    "add_working_time",
    "apology_deadline",
    "calendar_cache_clear",
    "calendar_for",
    "deadline",
    "due_within",
    "effective_start",
    "elapsed",
    "extend_for_pauses",
    "is_working_day",
    "is_working_time",
    "next_working_day",
    "previous_working_day",
    "remaining",
    "working_time",
]
