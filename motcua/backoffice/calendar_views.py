"""The city operator's calendar pages: a year's working days, declared exceptions, and their preview."""

from __future__ import annotations

import calendar as weeks
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from motcua.agencies.constants import Role
from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import View, official_required
from motcua.core.errors import NotFound
from motcua.workdays import calendar_for
from motcua.workdays.constants import FIRST_YEAR, LAST_YEAR, DayKind, DayStatus, HolidayCode
from motcua.workdays.exceptions import DeclarationError
from motcua.workdays.preview import SAMPLE_STARTS
from motcua.workdays.selectors import (
    OFF_STATUSES,
    CalendarDay,
    calendar_declaration_preview,
    calendar_exceptions_of_year,
    calendar_year,
)
from motcua.workdays.services import calendar_exception_declare, calendar_exception_withdraw

#: GOV.UK tag colour of each kind of day in the year's grid (ordinary working days are untagged).
TAGS = {
    DayStatus.WEEKEND: "govuk-tag--grey",
    DayStatus.HOLIDAY: "govuk-tag--red",
    DayStatus.COMPENSATORY: "govuk-tag--orange",
    DayStatus.DECLARED_OFF: "govuk-tag--purple",
    DayStatus.DECLARED_WORKING: "govuk-tag--green",
}


#: Column heads of the month grids, Monday first.
WEEKDAYS = [
    pgettext_lazy("weekday, two letters", "Mo"),
    pgettext_lazy("weekday, two letters", "Tu"),
    pgettext_lazy("weekday, two letters", "We"),
    pgettext_lazy("weekday, two letters", "Th"),
    pgettext_lazy("weekday, two letters", "Fr"),
    pgettext_lazy("weekday, two letters", "Sa"),
    pgettext_lazy("weekday, two letters", "Su"),
]


def _is_city_operator(user_id: int) -> bool:
    return memberships_of(user_id=user_id).filter(role=Role.CITY_OPERATOR).exists()


def city_operator_required(view: View) -> View:
    """An official with a verified second factor who holds the city operator role in an active agency."""

    @official_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        assert request.user.pk is not None
        if not _is_city_operator(request.user.pk):
            return render(request, "backoffice/calendar/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True, slots=True)
class Cell:
    day: CalendarDay

    @property
    def tag(self) -> str:
        return TAGS.get(self.day.status, "")


@dataclass(frozen=True, slots=True)
class Month:
    name: str
    weeks: list[list[Cell | None]]


def _months(year: int, days: list[CalendarDay]) -> list[Month]:
    by_date = {d.date: d for d in days}
    grid = weeks.Calendar(firstweekday=0)
    return [
        Month(
            name=str(MONTHS[month]),
            weeks=[
                [Cell(by_date[d]) if d.month == month else None for d in week]
                for week in grid.monthdatescalendar(year, month)
            ],
        )
        for month in range(1, 13)
    ]


@dataclass(frozen=True, slots=True)
class Span:
    """Consecutive dates with the same status and reason, shown as one row."""

    first: CalendarDay
    last: CalendarDay

    @property
    def days(self) -> int:
        return (self.last.date - self.first.date).days + 1

    @property
    def tag(self) -> str:
        return TAGS.get(self.first.status, "")


def _key(day: CalendarDay) -> tuple[object, ...]:
    reason = day.reason
    return (day.status, str(reason.name), reason.notice) if reason else (day.status,)


def _spans(days: list[CalendarDay]) -> list[Span]:
    spans: list[Span] = []
    for day in days:
        previous = spans[-1] if spans else None
        if previous and (day.date - previous.last.date).days == 1 and _key(day) == _key(previous.first):
            spans[-1] = Span(previous.first, day)
        else:
            spans.append(Span(day, day))
    return spans


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@city_operator_required
def calendar_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """A year's calendar: the grid, the days off with their reasons, and the declared exceptions."""
    year = _checked_year(year or timezone.localdate().year)
    days = calendar_year(calendar_for(), year)
    months = _months(year, days)
    return render(
        request,
        "backoffice/calendar/year.html",
        {
            "year": year,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "pairs": [months[i : i + 2] for i in range(0, 12, 2)],
            "weekdays": WEEKDAYS,
            "days_off": _spans([d for d in days if d.status in OFF_STATUSES]),
            "extra_working_days": _spans([d for d in days if d.status == DayStatus.DECLARED_WORKING]),
            "exceptions": calendar_exceptions_of_year(year),
            "legend": [(DayStatus(status).label, tag) for status, tag in TAGS.items()],
        },
    )


_DATE = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d")


class DeclarationForm(forms.Form):
    date_from = forms.DateField(label=_("First date"), widget=_DATE)
    date_to = forms.DateField(label=_("Last date"), widget=_DATE)
    kind = forms.ChoiceField(
        label=_("These dates become"),
        choices=DayKind.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    name = forms.CharField(
        label=_("Name shown to people"), max_length=250, widget=forms.TextInput(attrs={"class": "govuk-input"})
    )
    notice = forms.CharField(
        label=_("Reference of the official notice"),
        max_length=120,
        help_text=_("For example TB 9441/TB-BNV."),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    basis = forms.CharField(
        label=_("Legal basis and sources"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
    )
    settles = forms.MultipleChoiceField(
        label=_("Holidays whose dates this notice fixes"),
        help_text=_("Their default placement and compensatory days are replaced by the declared dates."),
        choices=HolidayCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
    )

    def clean(self) -> dict[str, object] | None:
        data = super().clean()
        if data and data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The last date is before the first."))
        return data


@city_operator_required
def calendar_declare(request: HttpRequest, year: int) -> HttpResponse:
    """Declare an exception: preview its effect on sample deadlines, then record it."""
    year = _checked_year(year)
    form = DeclarationForm(request.POST or None, initial={"kind": DayKind.DAY_OFF})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "kind": data["kind"],
            "name": data["name"],
            "notice": data["notice"],
            "settles": data["settles"],
        }
        try:
            if request.POST.get("action") == "preview":
                preview = calendar_declaration_preview(**fields)
            else:
                assert request.user.pk is not None
                calendar_exception_declare(actor_id=request.user.pk, basis=data["basis"], **fields)
                messages.success(request, _("The exception is declared; deadlines now follow it."))
                return redirect("backoffice:calendar-year", year=data["date_from"].year)
        except DeclarationError as exc:
            form.add_error(exc.argument if exc.argument in form.fields else None, str(exc.detail))
    return render(
        request,
        "backoffice/calendar/declare.html",
        {"year": year, "form": form, "preview": preview, "sample_starts": SAMPLE_STARTS},
    )


@city_operator_required
@require_POST
def calendar_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a declared exception (a mistaken one, or one a later notice replaced)."""
    year = request.POST.get("year", "")
    assert request.user.pk is not None
    try:
        calendar_exception_withdraw(actor_id=request.user.pk, exception_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The declaration is withdrawn."))
    if year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
        return redirect("backoffice:calendar-year", year=int(year))
    return redirect("backoffice:calendar")
