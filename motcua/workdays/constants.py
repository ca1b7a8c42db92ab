"""Names and limits of the working-day calendar, shared by models, services, the API and the pages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Years the calendar can compute. From 2014 the Labour Code 2012 (in force 01/05/2013) gave five days
#: of Tết; 2099 keeps every lunar date inside the range of the lunar library.
FIRST_YEAR = 2014
LAST_YEAR = 2099

#: The longest deadline the arithmetic accepts, per unit (about ten years); longer ones are input errors.
MAX_AMOUNT = {"working_days": 2_500, "hours": 20_000, "days": 3_660}


class Unit(models.TextChoices):
    """Unit of a statutory time (đơn vị tính thời hạn)."""

    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("working hours")
    DAYS = "days", _("calendar days")


class DayKind(models.TextChoices):
    """What a declared exception makes of its dates: a day off (ngày nghỉ) or a working day (ngày làm việc)."""

    DAY_OFF = "day_off", _("day off")
    WORKING_DAY = "working_day", _("working day")


class HolidayCode(models.TextChoices):
    """The statutory holidays (ngày nghỉ lễ, tết) a declaration can settle for its year."""

    NEW_YEAR = "new_year", _("New Year's Day")
    TET = "tet", _("Lunar New Year (Tết)")
    HUNG_KINGS = "hung_kings", _("Hùng Kings' Commemoration Day")
    VICTORY_DAY = "victory_day", _("Victory Day (30 April)")
    LABOUR_DAY = "labour_day", _("International Labour Day (1 May)")
    NATIONAL_DAY = "national_day", _("National Day (2 September)")
    CULTURE_DAY = "culture_day", _("Vietnam Culture Day (24 November)")


class DayStatus(models.IntegerChoices):
    """Status of a date (loại ngày): why it is, or is not, a working day (the calendar's per-date answer)."""

    WORKING = 0, _("working day")
    WEEKEND = 1, _("weekly rest day")
    HOLIDAY = 2, _("public holiday")
    COMPENSATORY = 3, _("compensatory day off")
    DECLARED_OFF = 4, _("declared day off")
    DECLARED_WORKING = 5, _("declared working day")
