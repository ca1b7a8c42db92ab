"""What a declaration would change, before it is made: due dates of sample deadlines, before and after.

There are no dossiers in the platform yet, so the preview runs a fixed set of sample deadlines started on
the working days just before the declared dates; once dossiers exist the open ones belong here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.workdays import clock
from motcua.workdays.calendar import Calendar
from motcua.workdays.constants import Unit
from motcua.workdays.exceptions import WorkdaysError
from motcua.workdays.rules import CalendarSpec, Declaration

#: Sample statutory times: typical one-stop procedures run from a few hours to 30 days.
SAMPLE_AMOUNTS: tuple[tuple[int, Unit], ...] = (
    (4, Unit.HOURS),
    (1, Unit.WORKING_DAYS),
    (3, Unit.WORKING_DAYS),
    (5, Unit.WORKING_DAYS),
    (10, Unit.WORKING_DAYS),
    (15, Unit.DAYS),
    (30, Unit.DAYS),
)
SAMPLE_STARTS = 3
SAMPLE_TIME = dt.time(8, 0)


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One sample deadline (thời hạn mẫu): its start and amount, and its due time without and with the declaration."""

    start: dt.datetime
    amount: int
    unit: Unit
    due_before: dt.datetime
    due_after: dt.datetime

    @property
    def changed(self) -> bool:
        return self.due_before != self.due_after


def _sample_starts(calendar: Calendar, declaration: Declaration) -> list[dt.datetime]:
    day = declaration.date_from
    days = [day] if clock.is_working_day(calendar, day) else []
    wanted = len(days) + SAMPLE_STARTS
    try:
        while len(days) < wanted:
            day = clock.previous_working_day(calendar, day)
            days.append(day)
    except WorkdaysError:  # the beginning of the supported range
        pass
    return [dt.datetime.combine(d, SAMPLE_TIME, tzinfo=calendar.tz) for d in sorted(days)]


def declaration_preview(spec: CalendarSpec, declaration: Declaration) -> list[PreviewRow]:
    """Sample deadlines under ``spec`` and under ``spec`` plus ``declaration``."""
    before = Calendar(spec)
    after = Calendar(spec.with_declaration(declaration))
    rows = []
    for start in _sample_starts(before, declaration):
        for amount, unit in SAMPLE_AMOUNTS:
            try:
                due_before = clock.add(before, start, amount, unit)
                due_after = clock.add(after, start, amount, unit)
            except WorkdaysError:  # past the end of the supported range
                continue
            rows.append(PreviewRow(start, amount, unit, due_before, due_after))
    return rows
