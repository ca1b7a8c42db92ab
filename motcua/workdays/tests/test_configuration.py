"""Settings, stored schedules and the values the rules refuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation

from motcua.workdays import CalendarSpec, Declaration, Schedule, add, calendar_for, is_working_day, working_time
from motcua.workdays.constants import DayKind
from motcua.workdays.exceptions import WorkdaysError
from motcua.workdays.models import CalendarException, WorkingSchedule
from motcua.workdays.preview import declaration_preview
from motcua.workdays.tests.helpers import at, official

D = dt.date


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WORKDAYS_NATIONAL_DAY_ADJACENT", "sometimes"),
        ("WORKDAYS_TET_DAYS_BEFORE", 9),
        ("WORKDAYS_HOURS", "7h-17h"),
        ("WORKDAYS_WEEKEND", ["friday", "caturday"]),
    ],
)
@pytest.mark.django_db
def test_a_bad_setting_is_a_configuration_error(settings: object, name: str, value: object) -> None:
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        calendar_for()


@pytest.mark.django_db
def test_settings_shape_the_deployment_calendar(settings: object) -> None:
    settings.WORKDAYS_HOURS = "07:30-11:30,13:00-17:00"  # type: ignore[attr-defined]
    settings.WORKDAYS_WEEKEND = ["sun"]  # type: ignore[attr-defined]
    settings.WORKDAYS_HOURS_PER_DAY = 8  # type: ignore[attr-defined]
    calendar = calendar_for()
    assert is_working_day(calendar, D(2026, 4, 11))  # a Saturday
    assert add(calendar, at(2026, 4, 6, 7, 0), 1, "working_days") == at(2026, 4, 6, 17, 0)


@pytest.mark.django_db
def test_a_stored_schedule_from_before_the_range_replaces_the_settings() -> None:
    WorkingSchedule.objects.create(valid_from=D(2000, 1, 1), weekend_days=[6])
    assert is_working_day(calendar_for(), D(2014, 1, 4))  # a Saturday


@pytest.mark.django_db
def test_stored_rows_read_well() -> None:
    schedule = WorkingSchedule(valid_from=D(2027, 1, 1), morning_end=dt.time(12), afternoon_start=dt.time(12))
    assert schedule.periods == ((dt.time(7), dt.time(17)),)  # no lunch break
    assert str(schedule) == "2027-01-01: 07:00–17:00, sat, sun"
    schedule.clean()
    schedule.weekend_days = [0, 1, 2, 3, 4, 5, 6]
    with pytest.raises(ValidationError):
        schedule.clean()
    schedule.weekend_days = ["sat"]
    with pytest.raises(ValidationError):
        schedule.clean()
    exception = CalendarException(
        date_from=D(2027, 5, 12), date_to=D(2027, 5, 12), kind="day_off", name="Nghỉ", notice="TB 1"
    )
    with translation.override("vi"):
        assert str(exception) == "2027-05-12–2027-05-12 ngày nghỉ: Nghỉ (TB 1)"


def test_specs_refuse_impossible_values() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Schedule(periods=())
    with pytest.raises(ValueError, match="ends before"):
        Declaration(D(2027, 5, 2), D(2027, 5, 1), DayKind.DAY_OFF, "x", "y")
    with pytest.raises(ValueError, match="beginning"):
        CalendarSpec(schedules=(Schedule(valid_from=D(2020, 1, 1)),))
    with pytest.raises(ValueError, match="increasing"):
        CalendarSpec(schedules=(Schedule(), Schedule()))
    with pytest.raises(ValueError, match="some time"):
        CalendarSpec(working_day=dt.timedelta(0))
    with pytest.raises(ValueError, match="negative"):
        CalendarSpec(apology_lead_days=-1)


def test_calendar_days_are_not_working_time() -> None:
    with pytest.raises(WorkdaysError) as refused:
        working_time(official(), 3, "days")
    assert refused.value.argument == "unit"


def test_calendar_days_skipping_holidays_across_the_year_end() -> None:
    skipping = official(calendar_days_skip_holidays=True)
    # From Monday 28/12/2026: 29, 30, 31 count, 1/1/2027 (a holiday) does not, 2–8/1 count: Friday 8/1.
    assert add(skipping, at(2026, 12, 28, 9), 10, "days") == at(2027, 1, 8, 9)


def test_a_preview_at_the_edges_of_the_supported_years() -> None:
    first = Declaration(D(2014, 1, 2), D(2014, 1, 2), DayKind.DAY_OFF, "x", "y")
    rows = declaration_preview(CalendarSpec(), first)
    assert {r.start.date() for r in rows} == {D(2014, 1, 2)}  # no working day before it in range
    last = Declaration(D(2099, 12, 30), D(2099, 12, 30), DayKind.DAY_OFF, "x", "y")
    rows = declaration_preview(CalendarSpec(), last)
    assert rows
    assert all(r.due_before.year == 2099 for r in rows)  # deadlines past 2099 are left out
