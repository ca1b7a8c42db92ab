"""The statutory public holidays of a year and their compensatory days off (pure; no database).

Labour Code 45/2019/QH14 Art. 112(1) (in force 2021) and, before it, Labour Code 10/2012/QH13 Art. 115(1):
New Year 1/1, Tết (five days), Hùng Kings' day (10/3 lunar), 30/4, 1/5 and National Day 2/9 (plus one
adjacent day from 2021). Vietnam Culture Day 24/11 is a paid day off from 2026 (reported). A holiday that
falls on a weekly rest day gives a compensatory day off on the next working day (Art. 111(3); Art. 115(3)
of the 2012 Code). Where the law leaves a choice (where Tết's five days sit, which day joins 2/9) the
:class:`HolidayPolicy` decides until an administrator declares the year's official notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.workdays import lunar
from motcua.workdays.constants import HolidayCode

Text = str | Promise

TET_LENGTH = 5
LABOUR_CODE_2019_FROM = 2021

_LC2019 = _("Labour Code 45/2019/QH14, Article 112(1)")
_LC2012 = _("Labour Code 10/2012/QH13, Article 115(1)")
_LC2019_COMP = _("Labour Code 45/2019/QH14, Article 111(3)")
_LC2012_COMP = _("Labour Code 10/2012/QH13, Article 115(3)")
_CULTURE = _("Resolution 28/2026/QH16 (reported in secondary sources; check the official text)")


@dataclass(frozen=True, slots=True)
class HolidayPolicy:
    """Placement of the statutory holidays (bố trí ngày nghỉ lễ) where the law leaves a choice.

    Each field is a deployment setting because the rule behind it is not confirmed; the year's notice of
    the Ministry of Home Affairs, once declared, replaces these defaults for the holidays it settles.
    """

    tet_days_before: int = 1
    national_day_adjacent: Literal["before", "after"] = "before"
    culture_day_from: int = 2026
    culture_day_compensated: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.tet_days_before <= TET_LENGTH:
            raise ValueError(f"tet_days_before must be 0–{TET_LENGTH}, got {self.tet_days_before}")
        if self.national_day_adjacent not in ("before", "after"):
            raise ValueError(f"national_day_adjacent must be 'before' or 'after', got {self.national_day_adjacent!r}")


@dataclass(frozen=True, slots=True)
class Holiday:
    """Public holiday (ngày nghỉ lễ, tết) on one date, with the law that grants it."""

    date: dt.date
    code: HolidayCode
    name: Text
    basis: Text
    compensable: bool = True


def statutory_holidays(year: int, policy: HolidayPolicy) -> list[Holiday]:
    """Every statutory holiday date of ``year``, in date order (compensatory days not included)."""
    law = _LC2019 if year >= LABOUR_CODE_2019_FROM else _LC2012
    days = [
        Holiday(dt.date(year, 1, 1), HolidayCode.NEW_YEAR, _("New Year's Day"), law),
        *_tet(year, policy, law),
        Holiday(
            lunar.hung_kings_day(year),
            HolidayCode.HUNG_KINGS,
            _("Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)"),
            law,
        ),
        Holiday(dt.date(year, 4, 30), HolidayCode.VICTORY_DAY, _("Victory Day (30 April)"), law),
        Holiday(dt.date(year, 5, 1), HolidayCode.LABOUR_DAY, _("International Labour Day (1 May)"), law),
        Holiday(dt.date(year, 9, 2), HolidayCode.NATIONAL_DAY, _("National Day (2 September)"), law),
    ]
    if year >= LABOUR_CODE_2019_FROM:
        adjacent = dt.date(year, 9, 1) if policy.national_day_adjacent == "before" else dt.date(year, 9, 3)
        name = _("National Day holiday (day adjacent to 2 September)")
        days.append(Holiday(adjacent, HolidayCode.NATIONAL_DAY, name, law))
    if policy.culture_day_from and year >= policy.culture_day_from:
        days.append(
            Holiday(
                dt.date(year, 11, 24),
                HolidayCode.CULTURE_DAY,
                _("Vietnam Culture Day (24 November)"),
                _CULTURE,
                compensable=policy.culture_day_compensated,
            )
        )
    return sorted(days, key=lambda h: h.date)


def _tet(year: int, policy: HolidayPolicy, law: Text) -> list[Holiday]:
    first = lunar.tet(year) - dt.timedelta(days=policy.tet_days_before)
    basis = format_lazy(_("{law}; days placed by default until the year's official notice is declared"), law=law)
    return [
        Holiday(first + dt.timedelta(days=i), HolidayCode.TET, _("Lunar New Year holiday (Tết)"), basis)
        for i in range(TET_LENGTH)
    ]


def compensatory_days(
    holidays: Iterable[Holiday], *, is_rest_day: Callable[[dt.date], bool], taken: set[dt.date]
) -> list[Holiday]:
    """A compensatory day off (nghỉ bù) for each compensable holiday that falls on a weekly rest day.

    The day off goes to the next date that is neither a rest day, nor a holiday, nor already taken
    (``taken`` holds the holiday dates and any other date that is already off; it is not modified).
    Holidays are handled in date order, so the compensatory days of a block follow the whole block.
    """
    busy = set(taken)
    result: list[Holiday] = []
    for holiday in sorted(holidays, key=lambda h: h.date):
        if not holiday.compensable or not is_rest_day(holiday.date):
            continue
        day = holiday.date + dt.timedelta(days=1)
        while is_rest_day(day) or day in busy:
            day += dt.timedelta(days=1)
        busy.add(day)
        law = _LC2019_COMP if holiday.date.year >= LABOUR_CODE_2019_FROM else _LC2012_COMP
        name = format_lazy(_("Compensatory day off for {holiday}"), holiday=holiday.name)
        result.append(Holiday(day, holiday.code, name, law))
    return result
