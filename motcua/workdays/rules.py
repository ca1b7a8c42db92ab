"""The inputs of a calendar, as plain immutable values: schedules, declared exceptions and the policy.

A :class:`CalendarSpec` is everything the arithmetic needs; the loader builds one from the settings and
the database, and tests or previews build their own. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from motcua.workdays.constants import FIRST_YEAR, DayKind, HolidayCode
from motcua.workdays.holidays import HolidayPolicy

Period = tuple[dt.time, dt.time]

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_PERIODS: tuple[Period, ...] = ((dt.time(7, 0), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))
DEFAULT_WEEKEND = frozenset({5, 6})
BEGINNING = dt.date(FIRST_YEAR, 1, 1)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, slots=True)
class Schedule:
    """Working schedule (lịch làm việc): the working periods of a working day and the weekly rest days.

    It is in force from ``valid_from`` until the next schedule's date. Periods are in local wall-clock time
    and ordered; a working day is the union of its periods (07:00–11:30 and 13:30–17:00 by default).
    """

    valid_from: dt.date = BEGINNING
    periods: tuple[Period, ...] = DEFAULT_PERIODS
    weekend: frozenset[int] = DEFAULT_WEEKEND

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("a schedule needs at least one working period")
        previous_end = dt.time.min
        for start, end in self.periods:
            if not previous_end <= start < end:
                raise ValueError(f"working periods must be ordered and not overlap: {self.periods}")
            previous_end = end
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise ValueError(f"weekend must be some (not all) weekday numbers 0–6: {sorted(self.weekend)}")


@dataclass(frozen=True, slots=True)
class Declaration:
    """Declared exception (ngày nghỉ / ngày làm việc bù theo thông báo) from an official notice.

    ``settles`` names the statutory holidays whose days this notice fixes for its :attr:`year`: their
    default placement (and compensatory days) is then dropped in favour of the declared dates.
    """

    date_from: dt.date
    date_to: dt.date
    kind: DayKind
    name: str
    notice: str
    basis: str = ""
    settles: frozenset[HolidayCode] = frozenset()

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError(f"declaration ends before it starts: {self.date_from} – {self.date_to}")

    def dates(self) -> list[dt.date]:
        return [self.date_from + dt.timedelta(days=i) for i in range((self.date_to - self.date_from).days + 1)]

    @property
    def year(self) -> int:
        """The year whose holidays ``settles`` refers to: the year the declaration ends in (a bridge from
        30/12 to 1/1 settles the New Year it leads to)."""
        return self.date_to.year


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """Calendar rules (quy tắc lịch): everything a :class:`~motcua.workdays.calendar.Calendar` is computed from.

    ``schedules`` are ordered by date and the first is in force from the beginning of the supported range.
    ``declarations`` are applied in order: a later one wins on a date both cover (agency after city).
    """

    schedules: tuple[Schedule, ...] = (Schedule(),)
    declarations: tuple[Declaration, ...] = ()
    policy: HolidayPolicy = field(default_factory=HolidayPolicy)
    working_day: dt.timedelta = dt.timedelta(hours=8)
    tz: dt.tzinfo = VIETNAM
    calendar_days_skip_holidays: bool = False
    apology_lead_days: int = 1

    def __post_init__(self) -> None:
        if not self.schedules or self.schedules[0].valid_from > BEGINNING:
            raise ValueError("the first schedule must be in force from the beginning of the supported range")
        dates = [s.valid_from for s in self.schedules]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("schedules must have distinct dates in increasing order")
        if self.working_day <= dt.timedelta(0):
            raise ValueError("a working day must last some time")
        if self.apology_lead_days < 0:
            raise ValueError("apology_lead_days must not be negative")

    def with_declaration(self, declaration: Declaration) -> CalendarSpec:
        """The same spec with one more declaration on top (what a preview shows)."""
        return CalendarSpec(
            schedules=self.schedules,
            declarations=(*self.declarations, declaration),
            policy=self.policy,
            working_day=self.working_day,
            tz=self.tz,
            calendar_days_skip_holidays=self.calendar_days_skip_holidays,
            apology_lead_days=self.apology_lead_days,
        )


def parse_periods(text: str) -> tuple[Period, ...]:
    """``"07:00-11:30,13:30-17:00"`` → the periods; ``ValueError`` on a malformed value."""
    periods: list[Period] = []
    for part in text.split(","):
        start, sep, end = part.strip().partition("-")
        if not sep:
            raise ValueError(f"working period {part!r} is not HH:MM-HH:MM")
        periods.append((dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())))
    return tuple(periods)


def parse_weekend(names: list[str]) -> frozenset[int]:
    """``["sat", "sun"]`` → ``{5, 6}``; ``ValueError`` on an unknown day name."""
    days = set()
    for name in names:
        key = name.strip().lower()[:3]
        if key not in WEEKDAY_NAMES:
            raise ValueError(f"unknown weekday {name!r}; use mon, tue, wed, thu, fri, sat, sun")
        days.add(WEEKDAY_NAMES.index(key))
    return frozenset(days)
