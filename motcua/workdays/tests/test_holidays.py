"""The statutory holidays, their default placement and the compensatory days (no notice declared)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.workdays import is_working_day
from motcua.workdays.calendar import Calendar
from motcua.workdays.constants import DayKind, DayStatus, HolidayCode
from motcua.workdays.holidays import HolidayPolicy, statutory_holidays
from motcua.workdays.rules import CalendarSpec, Declaration
from motcua.workdays.selectors import calendar_days_off
from motcua.workdays.tests.helpers import statutory

D = dt.date


def status(calendar: Calendar, day: dt.date) -> DayStatus:
    table, index = calendar.locate_date(day, "day")
    return DayStatus(table.status[index])


def days_off(calendar: Calendar, year: int) -> list[dt.date]:
    return [d.date for d in calendar_days_off(calendar, year)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), DayStatus.HOLIDAY),  # New Year, Thursday
        (D(2026, 4, 30), DayStatus.HOLIDAY),  # Victory Day, Thursday
        (D(2026, 5, 1), DayStatus.HOLIDAY),  # Labour Day, Friday
        (D(2026, 9, 2), DayStatus.HOLIDAY),  # National Day, Wednesday
        (D(2026, 9, 1), DayStatus.HOLIDAY),  # the adjacent day, "before" by default
        (D(2026, 11, 24), DayStatus.HOLIDAY),  # Culture Day, new from 2026
        (D(2025, 11, 24), DayStatus.WORKING),  # …but not in 2025
        (D(2026, 4, 28), DayStatus.WORKING),
        (D(2026, 4, 25), DayStatus.WEEKEND),
    ],
)
def test_fixed_holidays(law: Calendar, day: dt.date, expected: DayStatus) -> None:
    assert status(law, day) == expected


@pytest.mark.parametrize(
    ("year", "hung_kings"),
    [
        (2021, D(2021, 4, 21)),
        (2022, D(2022, 4, 10)),
        (2023, D(2023, 4, 29)),
        (2024, D(2024, 4, 18)),
        (2025, D(2025, 4, 7)),
        (2026, D(2026, 4, 26)),
        (2027, D(2027, 4, 16)),
        (2028, D(2028, 4, 4)),
    ],
)
def test_hung_kings_day_is_the_10th_of_the_3rd_lunar_month(year: int, hung_kings: dt.date) -> None:
    days = [h.date for h in statutory_holidays(year, HolidayPolicy()) if h.code == HolidayCode.HUNG_KINGS]
    assert days == [hung_kings]


def test_hung_kings_day_on_a_sunday_gives_monday_off(law: Calendar) -> None:
    assert status(law, D(2026, 4, 26)) == DayStatus.HOLIDAY
    assert status(law, D(2026, 4, 27)) == DayStatus.COMPENSATORY


def test_2023_holidays_on_a_weekend_push_compensation_past_the_block(law: Calendar) -> None:
    # Hùng Kings' day Saturday 29/4, Victory Day Sunday 30/4, Labour Day Monday 1/5: off until Wednesday 3/5.
    assert [d for d in days_off(law, 2023) if d.month in (4, 5)] == [
        D(2023, 4, 29),
        D(2023, 4, 30),
        D(2023, 5, 1),
        D(2023, 5, 2),
        D(2023, 5, 3),
    ]
    assert status(law, D(2023, 5, 2)) == DayStatus.COMPENSATORY
    assert is_working_day(law, D(2023, 5, 4))


def test_new_year_on_a_saturday_gives_monday_off(law: Calendar) -> None:
    assert status(law, D(2022, 1, 3)) == DayStatus.COMPENSATORY  # 1/1/2022 was a Saturday


def test_new_year_on_a_sunday_gives_monday_off(law: Calendar) -> None:
    assert status(law, D(2023, 1, 2)) == DayStatus.COMPENSATORY


def test_30_april_and_1_may_on_a_weekend(law: Calendar) -> None:
    assert [d for d in days_off(law, 2022) if d.month == 5] == [D(2022, 5, 1), D(2022, 5, 2), D(2022, 5, 3)]


def test_national_day_on_a_saturday_2023(law: Calendar) -> None:
    assert [d for d in days_off(law, 2023) if d.month == 9] == [D(2023, 9, 1), D(2023, 9, 2), D(2023, 9, 4)]


def test_national_day_adjacent_day_after_when_configured() -> None:
    after = statutory(national_day_adjacent="after")
    assert [d for d in days_off(after, 2021) if d.month == 9] == [D(2021, 9, 2), D(2021, 9, 3)]


def test_before_2021_national_day_is_a_single_day(law: Calendar) -> None:
    # Labour Code 2012: 2/9/2019 (Monday) alone.
    assert [d for d in days_off(law, 2019) if d.month == 9] == [D(2019, 9, 2)]
    assert "10/2012/QH13" in str(law.table(2019).reasons[D(2019, 9, 2).timetuple().tm_yday - 1].basis)


def test_tet_default_placement_is_one_day_before_and_four_after(law: Calendar) -> None:
    tet = [d for d in days_off(law, 2026) if d.month == 2]
    assert tet == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]


def test_tet_placement_is_configurable_and_compensated_on_weekends() -> None:
    # Tết 2024 fell on Saturday 10/2; two days before gives the official 8/2–14/2.
    two_before = statutory(tet_days_before=2)
    assert [d for d in days_off(two_before, 2024) if d.month == 2] == [D(2024, 2, d) for d in range(8, 15)]
    assert status(two_before, D(2024, 2, 13)) == DayStatus.COMPENSATORY


def test_culture_day_on_a_saturday_is_not_compensated_by_default(law: Calendar) -> None:
    assert status(law, D(2029, 11, 24)) == DayStatus.HOLIDAY
    assert status(law, D(2029, 11, 26)) == DayStatus.WORKING


def test_culture_day_compensation_and_start_year_are_settings() -> None:
    assert status(statutory(culture_day_compensated=True), D(2029, 11, 26)) == DayStatus.COMPENSATORY
    assert status(statutory(culture_day_from=0), D(2026, 11, 24)) == DayStatus.WORKING


def test_a_year_has_the_labour_codes_count_of_holidays() -> None:
    assert len(statutory_holidays(2020, HolidayPolicy())) == 10  # Labour Code 2012
    assert len(statutory_holidays(2025, HolidayPolicy())) == 11  # Labour Code 2019
    assert len(statutory_holidays(2026, HolidayPolicy())) == 12  # + Culture Day


def test_policy_rejects_impossible_values() -> None:
    with pytest.raises(ValueError, match="tet_days_before"):
        HolidayPolicy(tet_days_before=6)
    with pytest.raises(ValueError, match="national_day_adjacent"):
        HolidayPolicy(national_day_adjacent="later")  # type: ignore[arg-type]


def test_a_declaration_settles_the_holidays_of_the_year_it_ends_in() -> None:
    bridge = Declaration(
        date_from=D(2027, 12, 31),
        date_to=D(2028, 1, 2),
        kind=DayKind.DAY_OFF,
        name="Tết Dương lịch 2028",
        notice="TB x",
        settles=frozenset({HolidayCode.NEW_YEAR}),
    )
    calendar = Calendar(CalendarSpec(declarations=(bridge,)))
    assert status(calendar, D(2027, 1, 1)) == DayStatus.HOLIDAY  # 2027's New Year is untouched
    assert status(calendar, D(2028, 1, 1)) == DayStatus.DECLARED_OFF
    assert status(calendar, D(2028, 1, 3)) == DayStatus.WORKING  # no compensation for Saturday 1/1/2028
