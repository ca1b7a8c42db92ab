"""Stored calendar rules: working schedules and declared exceptions, city-wide or for one agency.

The statutory holidays are computed (``holidays.py``); only what an administrator decides is stored here.
Changing a row invalidates the cached calendars (``signals.py``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.workdays.constants import DayKind
from motcua.workdays.rules import WEEKDAY_NAMES, Period


def _default_weekend() -> list[int]:
    return [5, 6]


class WorkingSchedule(models.Model):
    """Working schedule (lịch làm việc): working hours and weekly rest days in force from a date.

    Without any row the deployment's settings apply (``MOTCUA_WORKDAYS_HOURS``, ``MOTCUA_WORKDAYS_WEEKEND``).
    A row without an agency changes the deployment's schedule from ``valid_from``; a row with an agency
    (one that works on Saturdays, say) replaces the deployment's schedules for that agency from its date on.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("Empty: the whole deployment."),
    )
    valid_from = models.DateField(_("valid from"))
    morning_start = models.TimeField(_("morning start"), default=dt.time(7, 0))
    morning_end = models.TimeField(_("morning end"), default=dt.time(11, 30))
    afternoon_start = models.TimeField(_("afternoon start"), default=dt.time(13, 30))
    afternoon_end = models.TimeField(_("afternoon end"), default=dt.time(17, 0))
    weekend_days = models.JSONField(
        _("weekly rest days"), default=_default_weekend, help_text=_("Weekday numbers, Monday = 0 … Sunday = 6.")
    )
    basis = models.CharField(_("legal basis"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("working schedule")
        verbose_name_plural = _("working schedules")
        ordering = ["agency_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"], condition=Q(agency__isnull=True), name="workdays_schedule_city_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "valid_from"],
                condition=Q(agency__isnull=False),
                name="workdays_schedule_agency_unique",
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="workdays_schedule_periods_ordered",
            ),
        ]

    def __str__(self) -> str:
        days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekend_days) if 0 <= d < 7)
        return f"{self.valid_from}: {self.morning_start:%H:%M}–{self.afternoon_end:%H:%M}, {days}"

    def clean(self) -> None:
        days = self.weekend_days
        if (
            not isinstance(days, list)
            or not all(isinstance(d, int) and 0 <= d <= 6 for d in days)
            or len(set(days)) == 7
        ):
            raise ValidationError({"weekend_days": _("Give a list of weekday numbers from 0 (Monday) to 6 (Sunday).")})

    @property
    def periods(self) -> tuple[Period, ...]:
        if self.morning_end == self.afternoon_start:  # no break
            return ((self.morning_start, self.afternoon_end),)
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))


class CalendarException(models.Model):
    """Declared exception (ngày nghỉ, ngày làm việc bù theo thông báo): dates off or worked by a notice.

    Each one cites the official notice (e.g. ``TB 9441/TB-BNV``) so anyone can check it. ``settles`` lists
    the statutory holidays whose dates the notice fixes for the year; their default placement is dropped.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("Empty: the whole deployment."),
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    kind = models.CharField(_("kind"), max_length=12, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=250)
    notice = models.CharField(
        _("notice"), max_length=120, help_text=_("Reference of the official notice, e.g. TB 9441/TB-BNV.")
    )
    basis = models.TextField(_("legal basis and sources"), blank=True)
    settles = models.JSONField(_("settles the holidays"), default=list, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("declared exception")
        verbose_name_plural = _("declared exceptions")
        ordering = ["date_from", "id"]
        indexes = [models.Index(fields=["date_from", "date_to"])]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=F("date_from")), name="workdays_exception_dates_ordered"),
            models.CheckConstraint(condition=Q(kind__in=DayKind.values), name="workdays_exception_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date_from}–{self.date_to} {self.get_kind_display()}: {self.name} ({self.notice})"
