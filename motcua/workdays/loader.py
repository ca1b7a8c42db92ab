"""Builds calendars from the settings and the database, and keeps them cached per process.

A calendar is rebuilt when a schedule or a declared exception changes: at once in the process that made
the change (``signals.py``), and in the other processes at their next check of the tables' fingerprint,
at most ``MOTCUA_WORKDAYS_CACHE_SECONDS`` later.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, Q

from motcua.workdays.calendar import Calendar
from motcua.workdays.constants import DayKind, HolidayCode
from motcua.workdays.holidays import HolidayPolicy
from motcua.workdays.models import CalendarException, WorkingSchedule
from motcua.workdays.rules import BEGINNING, CalendarSpec, Declaration, Schedule, parse_periods, parse_weekend

_lock = threading.Lock()
_calendars: dict[int | None, Calendar] = {}
_checked_at = -1e18
_fingerprint: tuple[Any, ...] | None = None


def policy_from_settings() -> HolidayPolicy:
    adjacent = settings.WORKDAYS_NATIONAL_DAY_ADJACENT
    if adjacent not in ("before", "after"):
        raise ImproperlyConfigured("MOTCUA_WORKDAYS_NATIONAL_DAY_ADJACENT must be `before` or `after`")
    try:
        return HolidayPolicy(
            tet_days_before=settings.WORKDAYS_TET_DAYS_BEFORE,
            national_day_adjacent=cast(Literal["before", "after"], adjacent),
            culture_day_from=settings.WORKDAYS_CULTURE_DAY_FROM,
            culture_day_compensated=settings.WORKDAYS_CULTURE_DAY_COMPENSATED,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"workdays settings: {exc}") from exc


def schedule_from_settings() -> Schedule:
    try:
        return Schedule(
            valid_from=BEGINNING,
            periods=parse_periods(settings.WORKDAYS_HOURS),
            weekend=parse_weekend(settings.WORKDAYS_WEEKEND),
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"MOTCUA_WORKDAYS_HOURS / MOTCUA_WORKDAYS_WEEKEND: {exc}") from exc


def _schedule(row: WorkingSchedule) -> Schedule:
    return Schedule(valid_from=max(row.valid_from, BEGINNING), periods=row.periods, weekend=frozenset(row.weekend_days))


def declaration_of(row: CalendarException) -> Declaration:
    return Declaration(
        date_from=row.date_from,
        date_to=row.date_to,
        kind=DayKind(row.kind),
        name=row.name,
        notice=row.notice,
        basis=row.basis,
        settles=frozenset(HolidayCode(code) for code in row.settles if code in HolidayCode.values),
    )


def _timeline(base: Schedule, rows: list[WorkingSchedule]) -> list[Schedule]:
    """The base schedule, replaced by each row from its date (a later row on the same date wins)."""
    timeline = [base]
    for schedule in (_schedule(r) for r in sorted(rows, key=lambda r: r.valid_from)):
        if schedule.valid_from == timeline[-1].valid_from:
            timeline[-1] = schedule
        else:
            timeline.append(schedule)
    return timeline


def spec_for(agency_id: int | None = None) -> CalendarSpec:
    """The calendar spec of the deployment, or of one agency (its own rows on top of the deployment's)."""
    schedules = _timeline(schedule_from_settings(), list(WorkingSchedule.objects.filter(agency__isnull=True)))
    if agency_id is not None:
        own = list(WorkingSchedule.objects.filter(agency_id=agency_id))
        if own:
            start = max(min(r.valid_from for r in own), BEGINNING)
            before = [s for s in schedules if s.valid_from < start]
            # With nothing before, the agency's first row is in force from the beginning and replaces the base.
            schedules = [*before[:-1], *_timeline(before[-1], own)] if before else _timeline(schedules[0], own)
    rows = CalendarException.objects.filter(Q(agency__isnull=True) | Q(agency_id=agency_id)).order_by(
        "agency_id", "date_from", "id"
    )
    declarations = tuple(declaration_of(r) for r in rows if r.agency_id is None) + tuple(
        declaration_of(r) for r in rows if r.agency_id is not None
    )
    return CalendarSpec(
        schedules=tuple(schedules),
        declarations=declarations,
        policy=policy_from_settings(),
        working_day=dt.timedelta(hours=settings.WORKDAYS_HOURS_PER_DAY),
        tz=ZoneInfo(settings.TIME_ZONE),
        calendar_days_skip_holidays=settings.WORKDAYS_CALENDAR_DAYS_SKIP_HOLIDAYS,
        apology_lead_days=settings.WORKDAYS_APOLOGY_LEAD_DAYS,
    )


def _tables_fingerprint() -> tuple[Any, ...]:
    schedules = WorkingSchedule.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    exceptions = CalendarException.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (schedules["n"], schedules["at"], exceptions["n"], exceptions["at"])


def _has_own_rules(agency_id: int) -> bool:
    return (
        WorkingSchedule.objects.filter(agency_id=agency_id).exists()
        or CalendarException.objects.filter(agency_id=agency_id).exists()
    )


def calendar_for(agency_id: int | None = None) -> Calendar:
    """The cached calendar of the deployment (``None``) or of one agency."""
    global _checked_at, _fingerprint
    now = time.monotonic()
    if now - _checked_at >= settings.WORKDAYS_CACHE_SECONDS:
        fingerprint = _tables_fingerprint()
        with _lock:
            if fingerprint != _fingerprint:
                _calendars.clear()
                _fingerprint = fingerprint
            _checked_at = now
    calendar = _calendars.get(agency_id)
    if calendar is None:
        if agency_id is not None and not _has_own_rules(agency_id):
            calendar = calendar_for(None)
        else:
            calendar = Calendar(spec_for(agency_id))
        with _lock:
            calendar = _calendars.setdefault(agency_id, calendar)
    return calendar


def calendar_cache_clear() -> None:
    """Forget the cached calendars of this process (the rules or exceptions changed)."""
    global _checked_at
    with _lock:
        _calendars.clear()
        _checked_at = -1e18
