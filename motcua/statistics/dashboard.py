"""The leaders' dashboard (màn hình điều hành): today, this month and this year, the late dossiers by agency and
procedure, and the dossiers due within 24 working hours — for an agency and the agencies under it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import WORKING
from motcua.dossiers.models import Dossier
from motcua.statistics.models import Rollup
from motcua.statistics.selectors import form06, scope_of
from motcua.workdays import calendar_for, deadline

#: Working hours ahead in which a dossier counts as due soon (nhắc việc).
DUE_SOON_HOURS = 24
LIMIT = 20


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    date_from: dt.date
    date_to: dt.date
    values: dict[str, int]


@dataclass(frozen=True)
class Count:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class DueSoon:
    code: str
    procedure: str
    agency: str
    due_at: dt.datetime


@dataclass(frozen=True)
class Dashboard:
    agency: Agency
    agencies: int
    periods: list[PeriodFigures]
    late_by_agency: list[Count]
    late_by_procedure: list[Count]
    due_soon: list[DueSoon]


def _late(ids: set[int], today: dt.date, group: str) -> list[tuple[str | int, int]]:
    rows = (
        Rollup.objects.filter(agency_id__in=ids, day__lte=today, due_day__lt=today)
        .values(group)
        .annotate(n=Sum("active"))
        .filter(n__gt=0)
        .order_by("-n", group)[:LIMIT]
    )
    return [(row[group], int(row["n"])) for row in rows]


def dashboard(*, allowed: set[int], agency_code: str, now: dt.datetime) -> Dashboard:
    """The figures of ``agency_code`` and the agencies under it (within ``allowed``) as of ``now``."""
    agency, ids = scope_of(allowed=allowed, agency_code=agency_code, with_children=True)
    today = now.date()
    spans = [
        (_("Today"), today),
        (_("This month"), today.replace(day=1)),
        (_("This year"), today.replace(month=1, day=1)),
    ]
    periods = [
        PeriodFigures(
            label,
            start,
            today,
            form06(allowed=ids, agency_code=agency.code, date_from=start, date_to=today).total.values,
        )
        for label, start in spans
    ]
    by_agency = _late(ids, today, "agency_id")
    names = dict(Agency.objects.filter(pk__in=[pk for pk, _n in by_agency]).values_list("pk", "name"))
    by_procedure = _late(ids, today, "procedure_code")
    titles = dict(Procedure.objects.filter(code__in=[c for c, _n in by_procedure]).values_list("code", "name"))
    limit = deadline(calendar_for(agency.pk), now, DUE_SOON_HOURS, "hours").due
    soon = (
        Dossier.objects.filter(current_agency_id__in=ids, state__in=WORKING, due_at__gte=now, due_at__lte=limit)
        .select_related("current_agency")
        .order_by("due_at")[:LIMIT]
    )
    return Dashboard(
        agency=agency,
        agencies=len(ids),
        periods=periods,
        late_by_agency=[Count(str(pk), names.get(int(pk), str(pk)), n) for pk, n in by_agency],
        late_by_procedure=[Count(str(c), titles.get(str(c), str(c)), n) for c, n in by_procedure],
        due_soon=[
            DueSoon(d.code, d.procedure_name, d.current_agency.name, d.due_at) for d in soon if d.due_at is not None
        ],
    )


def dashboard_agencies(*, allowed: set[int], user_agencies: list[int]) -> list[Agency]:
    """The agencies a reader may pick: their own, then the top-level agencies within their reach."""
    own = list(Agency.objects.filter(pk__in=set(user_agencies) & allowed).order_by("code"))
    roots = Agency.objects.filter(pk__in=allowed, parent__isnull=True).exclude(pk__in=[a.pk for a in own])
    return own + list(roots.order_by("code"))
