"""Declaring exceptions, loading the official schedule, and the cached calendars built from the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Model

from motcua.core.errors import NotFound
from motcua.workdays import add, calendar_for, is_working_day, loader
from motcua.workdays.constants import DayKind, DayStatus, HolidayCode
from motcua.workdays.exceptions import DeclarationError
from motcua.workdays.models import CalendarException, WorkingSchedule
from motcua.workdays.official import official_schedule_entries
from motcua.workdays.selectors import calendar_days_off, calendar_declaration_preview, calendar_exceptions_of_year
from motcua.workdays.services import (
    calendar_exception_declare,
    calendar_exception_withdraw,
    workdays_load_official_schedule,
)
from motcua.workdays.tests.helpers import at

pytestmark = pytest.mark.django_db
D = dt.date


def declare(**fields: object) -> CalendarException:
    values: dict[str, object] = {
        "actor_id": None,
        "date_from": D(2027, 5, 12),
        "date_to": D(2027, 5, 12),
        "kind": DayKind.DAY_OFF,
        "name": "Nghỉ bù",
        "notice": "TB 1/TB-BNV",
    }
    values.update(fields)
    return calendar_exception_declare(**values)  # type: ignore[arg-type]


def test_the_official_schedule_loads_once() -> None:
    assert workdays_load_official_schedule() == len(official_schedule_entries()) == 14
    assert workdays_load_official_schedule() == 0
    assert CalendarException.objects.count() == 14
    tet = CalendarException.objects.get(date_from=D(2026, 2, 14))
    assert tet.notice == "TB 9441/TB-BNV"
    assert tet.settles == [HolidayCode.TET]
    assert "9441/TB-BNV" in tet.basis


def test_reloading_repairs_an_edited_entry() -> None:
    workdays_load_official_schedule()
    CalendarException.objects.filter(date_from=D(2026, 2, 14)).update(notice="sai")
    assert workdays_load_official_schedule() == 1
    assert CalendarException.objects.get(date_from=D(2026, 2, 14)).notice == "TB 9441/TB-BNV"


def test_the_loaded_schedule_drives_the_deployment_calendar() -> None:
    assert is_working_day(calendar_for(), D(2025, 1, 27))  # default Tết placement: 28/1–1/2
    workdays_load_official_schedule()
    calendar = calendar_for()
    assert not is_working_day(calendar, D(2025, 1, 27))  # declared: 27/1–31/1…
    assert is_working_day(calendar, D(2025, 2, 3))  # …and no compensatory Monday
    assert is_working_day(calendar, D(2026, 1, 10))  # the swapped Saturday
    assert add(calendar, at(2026, 4, 24, 8), 3, "working_days") == at(2026, 5, 4, 8)


def test_the_days_off_carry_the_notice() -> None:
    workdays_load_official_schedule()
    days = {d.date: d for d in calendar_days_off(calendar_for(), 2026)}
    reason = days[D(2026, 8, 31)].reason
    assert reason is not None
    assert reason.notice == "TB 9441/TB-BNV"
    assert days[D(2026, 8, 31)].status == DayStatus.DECLARED_OFF


def test_declaring_changes_the_cached_calendar_at_once(make_user: Callable[..., Any]) -> None:
    calendar = calendar_for()
    assert calendar_for() is calendar  # cached
    user = make_user("official")
    exception = declare(actor_id=user.pk)
    assert exception.declared_by == user
    assert calendar_for() is not calendar
    assert not is_working_day(calendar_for(), D(2027, 5, 12))
    calendar_exception_withdraw(actor_id=user.pk, exception_id=exception.pk)
    assert is_working_day(calendar_for(), D(2027, 5, 12))


def test_a_change_made_by_another_process_is_seen_after_the_cache_period() -> None:
    calendar = calendar_for()
    # Another process wrote the row: no signal here, only the tables' fingerprint tells.
    CalendarException.objects.bulk_create(
        [CalendarException(date_from=D(2027, 5, 12), date_to=D(2027, 5, 12), kind="day_off", name="x", notice="y")]
    )
    assert calendar_for() is calendar  # within MOTCUA_WORKDAYS_CACHE_SECONDS
    loader._checked_at -= 3600  # the cache period has passed
    assert not is_working_day(calendar_for(), D(2027, 5, 12))


@pytest.mark.parametrize(
    ("fields", "argument"),
    [
        ({"date_to": D(2027, 5, 11)}, "date_to"),
        ({"date_to": D(2027, 6, 30)}, "date_to"),
        ({"date_from": D(2010, 5, 3), "date_to": D(2010, 5, 3)}, "date_from"),
        ({"kind": "holiday"}, "kind"),
        ({"name": "  "}, "name"),
        ({"notice": ""}, "notice"),
        ({"settles": ["christmas"]}, "settles"),
    ],
)
def test_invalid_declarations_are_refused(fields: dict[str, object], argument: str) -> None:
    with pytest.raises(DeclarationError) as refused:
        declare(**fields)
    assert refused.value.argument == argument
    assert not CalendarException.objects.exists()


def test_overlapping_declarations_are_refused() -> None:
    declare(date_from=D(2027, 5, 12), date_to=D(2027, 5, 14))
    with pytest.raises(DeclarationError) as refused:
        declare(date_from=D(2027, 5, 14), date_to=D(2027, 5, 15), kind=DayKind.WORKING_DAY)
    assert refused.value.code == "overlapping_declaration"


def test_withdrawing_an_unknown_declaration() -> None:
    with pytest.raises(NotFound):
        calendar_exception_withdraw(actor_id=None, exception_id=999_999)


def test_exceptions_of_a_year_include_ranges_across_its_edges() -> None:
    declare(date_from=D(2027, 12, 30), date_to=D(2028, 1, 2), name="Cuối năm")
    assert [e.name for e in calendar_exceptions_of_year(2028)] == ["Cuối năm"]
    assert [e.name for e in calendar_exceptions_of_year(2027)] == ["Cuối năm"]
    assert list(calendar_exceptions_of_year(2026)) == []


def test_an_agency_working_saturdays_has_its_own_calendar(commune_pc: Model) -> None:
    assert calendar_for(commune_pc.pk) is calendar_for()  # no rules of its own: the deployment's
    WorkingSchedule.objects.create(agency_id=commune_pc.pk, valid_from=D(2026, 1, 1), weekend_days=[6])
    own = calendar_for(commune_pc.pk)
    assert own is not calendar_for()
    assert is_working_day(own, D(2026, 4, 11))  # a Saturday
    assert not is_working_day(own, D(2025, 4, 12))  # before its schedule: the deployment's weekend
    assert not is_working_day(calendar_for(), D(2026, 4, 11))


def test_an_agency_declaration_applies_on_top_of_the_citys(commune_pc: Model) -> None:
    workdays_load_official_schedule()
    declare(agency_id=commune_pc.pk, date_from=D(2026, 1, 10), date_to=D(2026, 1, 10), name="Nghỉ")
    assert not is_working_day(calendar_for(commune_pc.pk), D(2026, 1, 10))
    assert is_working_day(calendar_for(), D(2026, 1, 10))
    # The same dates may be declared again in another scope, not in the same one.
    with pytest.raises(DeclarationError):
        declare(agency_id=commune_pc.pk, date_from=D(2026, 1, 10), date_to=D(2026, 1, 10), name="Nghỉ")


def test_a_city_schedule_from_a_date(commune_pc: Model) -> None:
    WorkingSchedule.objects.create(
        valid_from=D(2027, 1, 1),
        morning_start=dt.time(7, 30),
        morning_end=dt.time(11, 30),
        afternoon_start=dt.time(13, 0),
        afternoon_end=dt.time(17, 0),
    )
    assert add(calendar_for(), at(2026, 12, 31, 16, 30), 1, "hours") == at(2027, 1, 4, 8, 0)
    assert add(calendar_for(commune_pc.pk), at(2027, 1, 4, 11, 0), 1, "hours") == at(2027, 1, 4, 13, 30)


def test_schedule_constraints() -> None:
    WorkingSchedule.objects.create(valid_from=D(2027, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingSchedule.objects.create(valid_from=D(2027, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingSchedule.objects.create(valid_from=D(2028, 1, 1), morning_start=dt.time(12), morning_end=dt.time(11))


def test_preview_shows_sample_deadlines_without_declaring() -> None:
    rows = calendar_declaration_preview(
        date_from=D(2027, 5, 12), date_to=D(2027, 5, 12), kind="day_off", name="Nghỉ", notice="TB 1"
    )
    assert not CalendarException.objects.exists()
    assert rows
    assert {r.start.date() for r in rows} == {D(2027, 5, 7), D(2027, 5, 10), D(2027, 5, 11), D(2027, 5, 12)}
    changed = [r for r in rows if r.changed]
    assert changed
    assert all(r.due_after >= r.due_before for r in rows)
    assert all(r.due_after == r.due_before for r in rows if r.due_before.date() < D(2027, 5, 12))
