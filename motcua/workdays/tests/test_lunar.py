"""Lunar dates from lunar-vn, cross-checked against vnlunar (a second Vietnamese lunar calendar)."""

from __future__ import annotations

import datetime as dt

import pytest
import vnlunar

from motcua.workdays import lunar


def _vnlunar(day: int, month: int, year: int, *, zone: float | None = None) -> dt.date | None:
    found = vnlunar.convert_lunar_to_solar(day, month, year, 0, zone)
    return None if found is None else dt.date(found[2], found[1], found[0])


# Vietnam has used its own UTC+7 lunar calendar since 1968 (before, the UTC+8 one); vnlunar's tables follow
# that history, lunar-vn computes at UTC+7 throughout. The platform only needs 2014 onwards.
@pytest.mark.parametrize("year", range(1968, 2100))
def test_tet_and_hung_kings_day_agree_with_vnlunar(year: int) -> None:
    assert lunar.tet(year) == _vnlunar(1, 1, year)
    assert lunar.hung_kings_day(year) == _vnlunar(10, 3, year)


def test_tet_agrees_with_vnlunar_at_utc_plus_7_since_1901() -> None:
    assert [y for y in range(1901, 2100) if lunar.tet(y) != _vnlunar(1, 1, y, zone=7.0)] == []


def test_first_days_of_months_agree_but_for_three_known_months() -> None:
    # Three lunar months whose new moon falls within minutes of midnight: the two libraries start them a
    # day apart. None is the 1st or 3rd month, so no holiday depends on them; any new mismatch fails here.
    mismatches = [
        (year, month)
        for year in range(1968, 2100)
        for month in range(1, 13)
        if lunar.lunar_to_solar(1, month, year) != _vnlunar(1, month, year)
    ]
    assert mismatches == [(2054, 4), (2072, 11), (2077, 10)]


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        # Years where Chinese-calendar libraries (UTC+8) put Tết a month or a day apart from Vietnam.
        (1985, dt.date(1985, 1, 21)),
        (2007, dt.date(2007, 2, 17)),
        # The domain guide's list (2025–2028).
        (2025, dt.date(2025, 1, 29)),
        (2026, dt.date(2026, 2, 17)),
        (2027, dt.date(2027, 2, 6)),
        (2028, dt.date(2028, 1, 26)),
    ],
)
def test_known_tet_dates(year: int, tet: dt.date) -> None:
    assert lunar.tet(year) == tet


def test_an_impossible_lunar_date_is_refused() -> None:
    # The 12th month of Ất Tỵ (2025) has 29 days: lunar-vn alone would answer 17/02/2026 (mùng 1 Tết).
    assert lunar.lunar_to_solar(29, 12, 2025) == dt.date(2026, 2, 16)
    with pytest.raises(ValueError, match="does not exist"):
        lunar.lunar_to_solar(30, 12, 2025)
    assert _vnlunar(30, 12, 2025) is None
