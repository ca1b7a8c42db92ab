"""Changes to the calendar: declaring and withdrawing exceptions, loading the official schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import NotFound
from motcua.workdays.constants import FIRST_YEAR, LAST_YEAR, DayKind, HolidayCode
from motcua.workdays.exceptions import DeclarationError
from motcua.workdays.models import CalendarException
from motcua.workdays.official import official_schedule_entries

MAX_SPAN_DAYS = 31


def _validated(
    *, date_from: dt.date, date_to: dt.date, kind: str, name: str, notice: str, settles: Iterable[str]
) -> list[str]:
    if kind not in DayKind.values:
        raise DeclarationError(_("Choose a day off or a working day."), argument="kind")
    if date_to < date_from:
        raise DeclarationError(_("The last date is before the first."), argument="date_to")
    if (date_to - date_from).days >= MAX_SPAN_DAYS:
        raise DeclarationError(
            _("Declare at most %(n)s consecutive days at once.") % {"n": MAX_SPAN_DAYS}, argument="date_to"
        )
    for field, day in (("date_from", date_from), ("date_to", date_to)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise DeclarationError(
                _("The calendar covers the years %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                argument=field,
            )
    if not name.strip():
        raise DeclarationError(_("Give the name shown to people."), argument="name")
    if not notice.strip():
        raise DeclarationError(_("Give the reference of the official notice."), argument="notice")
    codes = sorted(set(settles))
    if any(code not in HolidayCode.values for code in codes):
        raise DeclarationError(_("Unknown holiday."), argument="settles")
    return codes


@transaction.atomic
def calendar_exception_declare(
    *,
    actor_id: int | None,
    date_from: dt.date,
    date_to: dt.date,
    kind: str,
    name: str,
    notice: str,
    basis: str = "",
    settles: Iterable[str] = (),
    agency_id: int | None = None,
) -> CalendarException:
    """Declare dates off, or worked, by an official notice, for the deployment or one agency.

    The dates must not overlap another declaration of the same scope: withdraw that one first.
    """
    codes = _validated(date_from=date_from, date_to=date_to, kind=kind, name=name, notice=notice, settles=settles)
    scope = Q(agency__isnull=True) if agency_id is None else Q(agency_id=agency_id)
    clash = (
        CalendarException.objects.select_for_update()
        .filter(scope, date_from__lte=date_to, date_to__gte=date_from)
        .order_by("date_from")
        .first()
    )
    if clash is not None:
        raise DeclarationError(
            _("These dates overlap the declaration “%(name)s” (%(notice)s); withdraw it first.")
            % {"name": clash.name, "notice": clash.notice},
            argument="date_from",
            code="overlapping_declaration",
        )
    return CalendarException.objects.create(
        agency_id=agency_id,
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        name=name.strip(),
        notice=notice.strip(),
        basis=basis.strip(),
        settles=codes,
        declared_by_id=actor_id,
    )


@transaction.atomic
def calendar_exception_withdraw(*, actor_id: int | None, exception_id: int) -> None:
    """Withdraw a declaration (a mistaken one, or one a later notice replaced)."""
    deleted, _count = CalendarException.objects.filter(pk=exception_id).delete()
    if not deleted:
        raise NotFound(_("No such declaration."))


@transaction.atomic
def workdays_load_official_schedule() -> int:
    """Load the official 2025–2026 days off and working Saturdays (city-wide). Safe to re-run.

    An entry is matched on its dates and kind, and updated in place; returns how many entries were
    created or changed.
    """
    changed = 0
    for entry in official_schedule_entries():
        date_from = dt.date.fromisoformat(entry["date_from"])
        date_to = dt.date.fromisoformat(entry["date_to"])
        kind, name, notice, basis = entry["kind"], entry["name"], entry["notice"], entry["basis"]
        settles = _validated(
            date_from=date_from, date_to=date_to, kind=kind, name=name, notice=notice, settles=entry["settles"]
        )
        existing = CalendarException.objects.filter(
            agency__isnull=True, date_from=date_from, date_to=date_to, kind=kind
        ).first()
        if existing is None:
            calendar_exception_declare(
                actor_id=None,
                date_from=date_from,
                date_to=date_to,
                kind=kind,
                name=name,
                notice=notice,
                basis=basis,
                settles=settles,
            )
            changed += 1
        elif (existing.name, existing.notice, existing.basis, existing.settles) != (name, notice, basis, settles):
            existing.name, existing.notice, existing.basis, existing.settles = name, notice, basis, settles
            existing.save(update_fields=["name", "notice", "basis", "settles", "updated_at"])
            changed += 1
    return changed
