"""The legal clock, in public: due dates under Vietnam's working-day rules, and each year's days off."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal, NoReturn

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError

from motcua.api.schemas import Problem
from motcua.workdays import WorkdaysError, calendar_for, deadline
from motcua.workdays.constants import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, DayStatus
from motcua.workdays.selectors import CalendarDay, calendar_days_off, calendar_extra_working_days

router = Router(tags=["workdays"])

UnitParam = Literal["working_days", "days", "hours"]
# "+07:00" arrives as " 07:00" when a client forgets to percent-encode the plus sign.
_UNENCODED_PLUS = re.compile(r"^(?P<head>.*\d)\s(?P<offset>\d{2}:?\d{2})$")


class DeadlineOut(Schema):
    start_effective: dt.datetime
    due: dt.datetime


class DayOut(Schema):
    date: dt.date
    name: str
    kind: Literal["holiday", "compensatory", "declared_day_off", "declared_working_day"]
    basis: str
    notice: str


class CalendarOut(Schema):
    year: int
    days_off: list[DayOut]
    extra_working_days: list[DayOut]


_KINDS: dict[DayStatus, Literal["holiday", "compensatory", "declared_day_off", "declared_working_day"]] = {
    DayStatus.HOLIDAY: "holiday",
    DayStatus.COMPENSATORY: "compensatory",
    DayStatus.DECLARED_OFF: "declared_day_off",
    DayStatus.DECLARED_WORKING: "declared_working_day",
}


def _invalid(parameter: str, message: str) -> NoReturn:
    raise ValidationError([{"loc": ("query", parameter), "msg": message, "type": "value_error"}])


def _parse_start(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        match = _UNENCODED_PLUS.match(text)
        if match:
            try:
                return dt.datetime.fromisoformat(f"{match['head']}+{match['offset']}")
            except ValueError:
                pass
    _invalid("start", _("Not an ISO 8601 date and time, e.g. 2026-04-24T08:00:00+07:00."))


@router.get(
    "/deadline",
    response={200: DeadlineOut, 422: Problem},
    summary="Due date of a statutory time limit",
    description=(
        "When the clock starts for an intake at `start` and when `amount` `unit` run out, under the "
        "deployment's calendar (weekends, public holidays, compensatory days and declared exceptions). "
        "`working_days` are 8 working hours each (07:00–11:30 and 13:30–17:00); `days` are calendar days "
        "that never end on a day off. Times are returned in Asia/Ho_Chi_Minh (+07:00)."
    ),
)
def get_deadline(
    request: HttpRequest,
    start: Annotated[
        str,
        Query(
            min_length=10,
            max_length=40,
            description="Intake time, ISO 8601 with its offset, e.g. `2026-04-24T08:00:00+07:00` (encode `+` as `%2B`).",
        ),
    ],
    amount: Annotated[
        Decimal,
        Query(
            ge=0,
            le=max(MAX_AMOUNT.values()),
            max_digits=7,
            decimal_places=2,
            description="How many units; working days and hours may have two decimals.",
        ),
    ],
    unit: Annotated[UnitParam, Query(description="`working_days`, `hours` (working hours) or `days` (calendar days)")],
) -> DeadlineOut:
    moment = _parse_start(start)
    try:
        result = deadline(calendar_for(), moment, amount, unit)
    except WorkdaysError as exc:
        _invalid(exc.argument, str(exc.detail))
    return DeadlineOut(start_effective=result.start_effective, due=result.due)


def _day_out(day: CalendarDay) -> DayOut:
    reason = day.reason
    return DayOut(
        date=day.date,
        name=str(reason.name) if reason else "",
        kind=_KINDS[day.status],
        basis=str(reason.basis) if reason else "",
        notice=reason.notice if reason else "",
    )


@router.get(
    "/calendar",
    response={200: CalendarOut, 422: Problem},
    summary="Days off of a year",
    description=(
        "The public holidays, compensatory days off and declared days off of `year` (ordinary Saturdays and "
        "Sundays are not listed), each with its name and legal basis, and the declared working days."
    ),
)
def get_calendar(
    request: HttpRequest,
    year: Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description=f"{FIRST_YEAR}–{LAST_YEAR}")],
) -> CalendarOut:
    calendar = calendar_for()
    return CalendarOut(
        year=year,
        days_off=[_day_out(d) for d in calendar_days_off(calendar, year)],
        extra_working_days=[_day_out(d) for d in calendar_extra_working_days(calendar, year)],
    )
