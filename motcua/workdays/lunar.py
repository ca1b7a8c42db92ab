"""Vietnamese lunar dates (âm lịch), from the ``lunar-vn`` library (Hồ Ngọc Đức's algorithm at UTC+7).

Chinese-calendar libraries compute at UTC+8 and disagree with Vietnam in dozens of years, so they are
never used here. ``lunar-vn`` does not reject impossible dates (day 30 of a 29-day month comes back as
the next day), so every conversion is checked by converting back.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import lunar_vn

VIETNAM_UTC_OFFSET = 7.0


@lru_cache(maxsize=4096)
def lunar_to_solar(day: int, month: int, year: int, *, leap: bool = False) -> dt.date:
    """The solar date of a lunar date; ``ValueError`` when that lunar date does not exist."""
    solar: dt.date = lunar_vn.convert_lunar_to_solar(day, month, year, 1 if leap else 0, VIETNAM_UTC_OFFSET)
    back = lunar_vn.convert_solar_to_lunar(solar.day, solar.month, solar.year, VIETNAM_UTC_OFFSET)
    if (back.day, back.month, back.year, bool(back.leap)) != (day, month, year, leap):
        raise ValueError(f"lunar date {day}/{month}{'+' if leap else ''}/{year} does not exist")
    return solar


def tet(year: int) -> dt.date:
    """First day of the lunar year that begins in solar ``year`` (mùng 1 Tết)."""
    return lunar_to_solar(1, 1, year)


def hung_kings_day(year: int) -> dt.date:
    """Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương): the 10th day of the 3rd lunar month."""
    return lunar_to_solar(10, 3, year)
