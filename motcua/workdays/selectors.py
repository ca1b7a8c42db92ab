"""Reads of the calendar: a year's days, its days off with their reasons, the declarations, previews.

The calendar is public information (every citizen may know when offices are closed), so these reads take
no actor; the pages that change it are guarded by the interfaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from motcua.workdays.calendar import Calendar, DayReason
from motcua.workdays.constants import DayKind, DayStatus, HolidayCode
from motcua.workdays.loader import spec_for
from motcua.workdays.models import CalendarException
from motcua.workdays.preview import PreviewRow, declaration_preview
from motcua.workdays.rules import Declaration

OFF_STATUSES = frozenset({DayStatus.HOLIDAY, DayStatus.COMPENSATORY, DayStatus.DECLARED_OFF})


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One date of the calendar (ngày trong lịch) and why it is (not) worked; ``reason`` is None for ordinary days."""

    date: dt.date
    status: DayStatus
    reason: DayReason | None


def calendar_year(calendar: Calendar, year: int) -> list[CalendarDay]:
    """Every date of ``year`` (``OutOfRangeError`` outside the supported years)."""
    table = calendar.table(year)
    return [
        CalendarDay(dt.date.fromordinal(table.first + i), DayStatus(status), table.reasons.get(i))
        for i, status in enumerate(table.status)
    ]


def calendar_days_off(calendar: Calendar, year: int) -> list[CalendarDay]:
    """The year's days off other than ordinary weekly rest days: holidays, compensatory and declared days."""
    return [day for day in calendar_year(calendar, year) if day.status in OFF_STATUSES]


def calendar_extra_working_days(calendar: Calendar, year: int) -> list[CalendarDay]:
    """Declared working days (a Saturday worked in exchange for a bridge day off, say)."""
    return [day for day in calendar_year(calendar, year) if day.status == DayStatus.DECLARED_WORKING]


def calendar_exceptions_of_year(year: int) -> QuerySet[CalendarException]:
    """The deployment-wide declarations touching ``year``, in date order."""
    return CalendarException.objects.filter(
        agency__isnull=True, date_from__lte=dt.date(year, 12, 31), date_to__gte=dt.date(year, 1, 1)
    ).order_by("date_from", "id")


def calendar_declaration_preview(
    *,
    date_from: dt.date,
    date_to: dt.date,
    kind: str,
    name: str,
    notice: str,
    settles: Iterable[str] = (),
    agency_id: int | None = None,
) -> list[PreviewRow]:
    """Sample deadlines with and without a declaration that is not made yet (see ``preview.py``)."""
    declaration = Declaration(
        date_from=date_from,
        date_to=date_to,
        kind=DayKind(kind),
        name=name,
        notice=notice,
        settles=frozenset(HolidayCode(code) for code in settles),
    )
    return declaration_preview(spec_for(agency_id), declaration)
