"""The legal clock (thời hạn giải quyết): pure deadline arithmetic over a :class:`Calendar`.

Rules (domain guide §1.5):

- The clock starts at the *effective start*: intake during working hours starts at once; before the first
  period at its start (07:00); during the lunch break at the afternoon start (13:30); at or after the last
  working minute, or on a day off, at the next working morning.
- ``working_days`` are ``spec.working_day`` (8 working hours) each; ``hours`` are working hours. The due
  time is the earliest instant with that much working time since the effective start, so a whole number
  of days from a morning ends at 17:00 (or 11:30), never on a day off or outside working hours.
- ``days`` are calendar days from the effective start, at the same time of day; when that date is a day
  off the due time rolls forward to the next working day.
- A pause (a supplement request until the citizen's answer) moves the due time by the working time it
  lasted; several pauses add up (overlaps count once).

Every datetime must carry its time zone; results are in the calendar's zone (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import US_PER_HOUR, Calendar, Position
from motcua.workdays.constants import MAX_AMOUNT, Unit
from motcua.workdays.exceptions import InvalidAmountError, OutOfRangeError, WorkdaysError

Amount = int | Decimal
#: A pause of the clock: (supplement requested at, citizen answered at).
Pause = tuple[dt.datetime, dt.datetime]

_MICROSECOND = dt.timedelta(microseconds=1)


class Deadline(NamedTuple):
    """Due date (ngày hẹn trả) of a time limit: when the clock started and when the time runs out."""

    start_effective: dt.datetime
    due: dt.datetime


_UNITS: dict[str, Unit] = {unit.value: unit for unit in Unit}
_DAYS = Unit.DAYS
_WORKING_DAYS = Unit.WORKING_DAYS


def _unit(unit: Unit | str) -> Unit:
    found = _UNITS.get(unit) if isinstance(unit, str) else None
    if found is None:
        raise WorkdaysError(_("Unknown unit; use working_days, hours or days."), argument="unit", code="invalid_unit")
    return found


def _checked_amount(amount: Amount | float, unit: Unit) -> Amount:
    if type(amount) is int and 0 <= amount <= MAX_AMOUNT[unit]:  # the common case, checked first
        return amount
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | float):
        raise InvalidAmountError(_("The amount must be a number."), argument="amount")
    if isinstance(amount, float):
        amount = Decimal(str(amount))  # the decimal the float prints as ("inf" and "nan" included)
    if isinstance(amount, Decimal) and not amount.is_finite():
        raise InvalidAmountError(_("The amount must be a number."), argument="amount")
    if amount < 0:
        raise InvalidAmountError(_("The amount must not be negative."), argument="amount")
    if amount > MAX_AMOUNT[unit]:
        raise InvalidAmountError(
            _("The amount is too large: at most %(max)s for this unit.") % {"max": MAX_AMOUNT[unit]}, argument="amount"
        )
    if unit is _DAYS and amount != int(amount):
        raise InvalidAmountError(_("Calendar days must be a whole number."), argument="amount")
    return amount


def working_time(calendar: Calendar, amount: Amount, unit: Unit | str) -> dt.timedelta:
    """The working time of an amount in ``working_days`` or ``hours`` (8 working hours a working day)."""
    unit = _unit(unit)
    if unit is _DAYS:
        raise WorkdaysError(_("Calendar days are not a working time."), argument="unit", code="invalid_unit")
    return _MICROSECOND * _amount_us(calendar, _checked_amount(amount, unit), unit)


def _amount_us(calendar: Calendar, amount: Amount, unit: Unit) -> int:
    per = calendar.working_day_us if unit is _WORKING_DAYS else US_PER_HOUR
    if isinstance(amount, int):
        return amount * per
    exact = amount * per
    if exact != exact.to_integral_value():
        raise InvalidAmountError(_("The amount has too many decimal places."), argument="amount")
    return int(exact)


def _effective(calendar: Calendar, instant: dt.datetime, argument: str) -> Position:
    table, index, us = calendar.locate(instant, argument)
    return calendar.effective(table, index, us)


def effective_start(calendar: Calendar, instant: dt.datetime) -> dt.datetime:
    """When the clock really starts for an intake at ``instant`` (see the module's rules)."""
    return calendar.instant(*_effective(calendar, instant, "start"))


def deadline(
    calendar: Calendar, start: dt.datetime, amount: Amount, unit: Unit | str, pauses: Iterable[Pause] = ()
) -> Deadline:
    """The effective start and the due time of ``amount`` ``unit`` from ``start``, after the pauses."""
    unit = _unit(unit)
    if type(amount) is not int or not 0 <= amount <= MAX_AMOUNT[unit]:  # the common case skips the full check
        amount = _checked_amount(amount, unit)
    try:
        located = calendar.locate(start, "start")
        position = calendar.effective(*located)
    except OutOfRangeError as exc:
        exc.argument = "start"
        raise
    try:
        if unit is _DAYS:
            due = _add_days(calendar, position, int(amount))
        elif amount:
            due = calendar.advance(*position, _amount_us(calendar, amount, unit))
        else:
            due = position
    except OutOfRangeError as exc:  # the due time falls past the last supported year
        exc.argument = "amount"
        raise
    same = position == located and start.tzinfo is calendar.tz  # intake during working hours, in local time
    start_effective = start if same else calendar.instant(*position)
    due_at = calendar.instant(*due)
    if pauses:
        due_at = extend_for_pauses(calendar, due_at, pauses, clock_start=start_effective)
    return Deadline(start_effective, due_at)


def add(calendar: Calendar, start: dt.datetime, amount: Amount, unit: Unit | str) -> dt.datetime:
    """The due time of ``amount`` ``unit`` from an intake at ``start``."""
    return deadline(calendar, start, amount, unit).due


def _add_days(calendar: Calendar, position: Position, days: int) -> Position:
    table, index, us = position
    if calendar.spec.calendar_days_skip_holidays:
        counted = 0
        while counted < days:
            table, index = calendar.following(table, index)
            if not table.is_holiday(index):
                counted += 1
    else:
        target = table.first + index + days
        year = dt.date.fromordinal(target).year
        table = calendar.table(year) if year != table.year else table
        index = target - table.first
    if not table.day_us[index]:
        table, index = calendar.next_working(table, index)
    return calendar.effective(table, index, us)


def add_working_time(calendar: Calendar, instant: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """The earliest instant with ``duration`` more working time than ``instant`` (duration ≥ 0)."""
    if duration < dt.timedelta(0):
        raise InvalidAmountError(_("The amount must not be negative."), argument="duration")
    table, index, us = calendar.locate(instant, "instant")
    amount_us = duration // _MICROSECOND
    if not amount_us:
        return instant.astimezone(calendar.tz)
    return calendar.instant(*calendar.advance(table, index, us, amount_us))


def elapsed(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time between two instants (negative when ``end`` is before ``start``)."""
    a = calendar.locate(start, "start")
    b = calendar.locate(end, "end")
    if end < start:
        return -(_MICROSECOND * calendar.between(b, a))
    return _MICROSECOND * calendar.between(a, b)


def remaining(calendar: Calendar, now: dt.datetime, due: dt.datetime) -> dt.timedelta:
    """Working time left until ``due``; negative once it has passed (the working time overdue)."""
    return elapsed(calendar, now, due)


def due_within(calendar: Calendar, now: dt.datetime, due: dt.datetime, hours: Amount) -> bool:
    """Whether ``due`` has not passed and comes within the next ``hours`` working hours."""
    limit = working_time(calendar, hours, Unit.HOURS)
    return now <= due and elapsed(calendar, now, due) <= limit


def extend_for_pauses(
    calendar: Calendar, due: dt.datetime, pauses: Iterable[Pause], *, clock_start: dt.datetime | None = None
) -> dt.datetime:
    """``due`` moved by the working time of the pauses (overlaps counted once, none before ``clock_start``)."""
    intervals: list[tuple[dt.datetime, dt.datetime]] = []
    for paused, resumed in pauses:
        calendar.locate(paused, "pauses")
        calendar.locate(resumed, "pauses")
        if resumed < paused:
            raise WorkdaysError(_("A pause cannot end before it starts."), argument="pauses", code="invalid_pause")
        if clock_start is not None and paused < clock_start:
            paused = clock_start
        if resumed > paused:
            intervals.append((paused, resumed))
    intervals.sort()
    total = dt.timedelta(0)
    current: tuple[dt.datetime, dt.datetime] | None = None
    for interval in intervals:
        if current is not None and interval[0] <= current[1]:
            current = (current[0], max(current[1], interval[1]))
            continue
        if current is not None:
            total += elapsed(calendar, *current)
        current = interval
    if current is not None:
        total += elapsed(calendar, *current)
    return add_working_time(calendar, due, total)


def is_working_day(calendar: Calendar, day: dt.date) -> bool:
    table, index = calendar.locate_date(day, "day")
    return table.is_working(index)


def is_working_time(calendar: Calendar, instant: dt.datetime) -> bool:
    """Whether ``instant`` falls inside a working period (start included, end excluded)."""
    table, index, us = calendar.locate(instant, "instant")
    return any(start <= us < end for start, end in table.periods[index])


def next_working_day(calendar: Calendar, day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    table, index = calendar.next_working(*calendar.locate_date(day, "day"))
    return dt.date.fromordinal(table.first + index)


def previous_working_day(calendar: Calendar, day: dt.date) -> dt.date:
    """The last working day strictly before ``day``."""
    table, index = calendar.preceding(*calendar.locate_date(day, "day"))
    while not table.day_us[index]:
        table, index = calendar.preceding(table, index)
    return dt.date.fromordinal(table.first + index)


def apology_deadline(calendar: Calendar, due: dt.datetime) -> dt.date:
    """The latest date to issue the apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả).

    It is ``spec.apology_lead_days`` working days (one by default) before the date of ``due``.
    """
    table, index, _us = calendar.locate(due, "due")
    day = dt.date.fromordinal(table.first + index)
    for _i in range(calendar.spec.apology_lead_days):
        day = previous_working_day(calendar, day)
    return day
