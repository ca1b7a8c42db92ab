"""The computed calendar: for every date of a year, whether it is worked, for how long, and why.

A :class:`Calendar` is built from a :class:`~motcua.workdays.rules.CalendarSpec` and never changes. Each
year is computed once, on first use, into a :class:`YearTable` of per-day working periods and cumulative
working time (in microseconds), so that deadline arithmetic is a bisection over whole days instead of a
walk over minutes. Instants are handled as local wall-clock positions (table, day index, microsecond of
the day); Vietnam has kept UTC+7 without daylight saving since 1975.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext_lazy as _

from motcua.workdays.constants import FIRST_YEAR, LAST_YEAR, DayKind, DayStatus, HolidayCode
from motcua.workdays.exceptions import NaiveDatetimeError, OutOfRangeError
from motcua.workdays.holidays import Holiday, Text, compensatory_days, statutory_holidays
from motcua.workdays.rules import CalendarSpec, Declaration, Schedule

US_PER_SECOND: Final = 1_000_000
US_PER_MINUTE: Final = 60 * US_PER_SECOND
US_PER_HOUR: Final = 60 * US_PER_MINUTE

UsPeriods = tuple[tuple[int, int], ...]
#: A local instant: the year's table, the day's index in it, and the microsecond of the day.
Position = tuple["YearTable", int, int]


@dataclass(frozen=True, slots=True)
class DayReason:
    """Reason of a day off (lý do nghỉ): why a date is off, or worked against the weekly pattern, with its
    name and legal basis (căn cứ pháp lý) for people."""

    status: DayStatus
    name: Text
    basis: Text
    notice: str = ""
    code: HolidayCode | None = None


def _us(time: dt.time) -> int:
    return time.hour * US_PER_HOUR + time.minute * US_PER_MINUTE + time.second * US_PER_SECOND + time.microsecond


class YearTable:
    """One year of the calendar (lịch năm), computed once: status, working periods and cumulative working time."""

    __slots__ = (
        "day_us",
        "end_us",
        "first",
        "midnights",
        "next_working",
        "periods",
        "reasons",
        "rest",
        "status",
        "total",
        "year",
    )

    def __init__(self, spec: CalendarSpec, year: int) -> None:
        self.year = year
        self.first = dt.date(year, 1, 1).toordinal()
        n = dt.date(year, 12, 31).toordinal() - self.first + 1
        schedules = [_schedule_on(spec.schedules, self._date(i)) for i in range(n)]
        #: weekly rest day under the schedule in force (whatever else the date is)
        self.rest = bytes(1 if self._date(i).weekday() in s.weekend else 0 for i, s in enumerate(schedules))
        status = [DayStatus.WEEKEND if r else DayStatus.WORKING for r in self.rest]
        self.reasons: dict[int, DayReason] = {}
        self._holidays(spec, status)
        self._declarations(spec.declarations, status)
        self.status = bytes(status)
        own_periods = {id(s): tuple((_us(a), _us(b)) for a, b in s.periods) for s in schedules}
        self.periods: list[UsPeriods] = [
            own_periods[id(s)] if status[i] in (DayStatus.WORKING, DayStatus.DECLARED_WORKING) else ()
            for i, s in enumerate(schedules)
        ]
        self.day_us = [sum(b - a for a, b in p) for p in self.periods]
        self.end_us: list[int] = []
        total = 0
        for worked in self.day_us:
            total += worked
            self.end_us.append(total)
        self.total = total
        self.midnights = [dt.datetime.combine(self._date(i), dt.time(), tzinfo=spec.tz) for i in range(n)]
        #: index of the next working day of the year after each day (-1: in a later year)
        self.next_working = [-1] * n
        following = -1
        for i in range(n - 1, -1, -1):
            self.next_working[i] = following
            if self.day_us[i]:
                following = i

    def _date(self, index: int) -> dt.date:
        return dt.date.fromordinal(self.first + index)

    def _holidays(self, spec: CalendarSpec, status: list[DayStatus]) -> None:
        year = self.year
        settled = {code for d in spec.declarations if d.year == year for code in d.settles}
        holidays = [h for h in statutory_holidays(year, spec.policy) if h.code not in settled]
        for h in holidays:
            self._mark(status, h, DayStatus.HOLIDAY)
        taken = {h.date for h in holidays}
        taken.update(d for decl in spec.declarations if decl.kind == DayKind.DAY_OFF for d in decl.dates())

        def is_rest(day: dt.date) -> bool:
            return day.weekday() in _schedule_on(spec.schedules, day).weekend

        for h in compensatory_days(holidays, is_rest_day=is_rest, taken=taken):
            if h.date.year == year:
                self._mark(status, h, DayStatus.COMPENSATORY)

    def _mark(self, status: list[DayStatus], holiday: Holiday, kind: DayStatus) -> None:
        i = holiday.date.toordinal() - self.first
        status[i] = kind
        self.reasons[i] = DayReason(kind, holiday.name, holiday.basis, code=holiday.code)

    def _declarations(self, declarations: tuple[Declaration, ...], status: list[DayStatus]) -> None:
        for decl in declarations:
            kind = DayStatus.DECLARED_OFF if decl.kind == DayKind.DAY_OFF else DayStatus.DECLARED_WORKING
            for day in decl.dates():
                if day.year != self.year:
                    continue
                i = day.toordinal() - self.first
                status[i] = kind
                code = next(iter(sorted(decl.settles)), None)
                self.reasons[i] = DayReason(
                    kind, decl.name, decl.basis, decl.notice, HolidayCode(code) if code else None
                )

    def is_working(self, index: int) -> bool:
        return self.day_us[index] > 0

    def is_holiday(self, index: int) -> bool:
        """Off for a reason other than the weekly rest day (holiday, compensatory or declared day off)."""
        return self.day_us[index] == 0 and not self.rest[index]


def _schedule_on(schedules: tuple[Schedule, ...], day: dt.date) -> Schedule:
    chosen = schedules[0]
    for schedule in schedules:
        if schedule.valid_from <= day:
            chosen = schedule
        else:
            break
    return chosen


class Calendar:
    """Working-day calendar (lịch ngày làm việc) of a deployment or an agency: immutable, computed lazily.

    Build it from a spec (``Calendar(spec)``); :func:`motcua.workdays.calendar_for` gives the cached one of
    the deployment. The low-level methods work on local positions; use :mod:`motcua.workdays.clock`.
    """

    __slots__ = ("_lock", "_years", "spec", "tz", "working_day_us")

    def __init__(self, spec: CalendarSpec | None = None) -> None:
        self.spec = spec or CalendarSpec()
        self.tz = self.spec.tz
        self.working_day_us = int(self.spec.working_day / dt.timedelta(microseconds=1))
        self._years: dict[int, YearTable] = {}
        self._lock = threading.Lock()

    def table(self, year: int) -> YearTable:
        table = self._years.get(year)
        if table is None:
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise OutOfRangeError(
                    _("The calendar covers the years %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                    argument="year",
                )
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = YearTable(self.spec, year)
                    self._years[year] = table
        return table

    # --- positions ------------------------------------------------------------------------------------
    def locate(self, instant: dt.datetime, argument: str) -> Position:
        """The local position of an aware ``instant``; naive ones are refused."""
        zone = instant.tzinfo
        if zone is self.tz:
            local = instant
        elif zone is None or instant.utcoffset() is None:
            raise NaiveDatetimeError(_("Give a date and time with its time zone offset."), argument=argument)
        else:
            local = instant.astimezone(self.tz)
        table = self._years.get(local.year) or self._table_for(local.year, argument)
        us = local.hour * US_PER_HOUR + local.minute * US_PER_MINUTE + local.second * US_PER_SECOND + local.microsecond
        return table, local.toordinal() - table.first, us

    def locate_date(self, day: dt.date, argument: str) -> tuple[YearTable, int]:
        table = self._years.get(day.year) or self._table_for(day.year, argument)
        return table, day.toordinal() - table.first

    def _table_for(self, year: int, argument: str) -> YearTable:
        try:
            return self.table(year)
        except OutOfRangeError as exc:
            exc.argument = argument
            raise

    def instant(self, table: YearTable, index: int, us: int) -> dt.datetime:
        """The aware datetime of a position (local midnight plus wall-clock time; no daylight saving)."""
        return table.midnights[index] + dt.timedelta(0, 0, us)

    def following(self, table: YearTable, index: int) -> tuple[YearTable, int]:
        """The day after (crossing into the next year's table)."""
        if index + 1 < len(table.day_us):
            return table, index + 1
        return self.table(table.year + 1), 0

    def preceding(self, table: YearTable, index: int) -> tuple[YearTable, int]:
        if index > 0:
            return table, index - 1
        previous = self.table(table.year - 1)
        return previous, len(previous.day_us) - 1

    def next_working(self, table: YearTable, index: int) -> tuple[YearTable, int]:
        """The first working day strictly after the given one."""
        following = table.next_working[index]
        while following < 0:  # none left this year
            table = self.table(table.year + 1)
            following = 0 if table.day_us[0] else table.next_working[0]
        return table, following

    # --- working time ---------------------------------------------------------------------------------
    def effective(self, table: YearTable, index: int, us: int) -> Position:
        """The first working instant at or after the position (periods are half-open: 17:00 is after work)."""
        for start, end in table.periods[index]:
            if us < end:
                return table, index, start if us < start else us
        table, index = self.next_working(table, index)
        return table, index, table.periods[index][0][0]

    @staticmethod
    def worked_before(table: YearTable, index: int, us: int) -> int:
        """Working microseconds of the year before the position."""
        worked = table.end_us[index] - table.day_us[index]
        for start, end in table.periods[index]:
            if us <= start:
                break
            worked += (end if us > end else us) - start
        return worked

    def advance(self, table: YearTable, index: int, us: int, amount_us: int) -> Position:
        """The earliest position with ``amount_us`` more working time than the given one (amount > 0)."""
        target = self.worked_before(table, index, us) + amount_us
        while target > table.total:
            target -= table.total
            table = self.table(table.year + 1)
        i = bisect_left(table.end_us, target)
        rest = target - (table.end_us[i] - table.day_us[i])
        for start, end in table.periods[i]:
            if rest <= end - start:
                return table, i, start + rest
            rest -= end - start
        raise AssertionError("unreachable: the bisection found a day with enough working time")  # pragma: no cover

    def between(self, a: Position, b: Position) -> int:
        """Working microseconds from position ``a`` to position ``b`` (``a`` not after ``b``)."""
        table_a, index_a, us_a = a
        table_b, index_b, us_b = b
        worked = self.worked_before(table_b, index_b, us_b) - self.worked_before(table_a, index_a, us_a)
        for year in range(table_a.year, table_b.year):
            worked += self.table(year).total
        return worked
