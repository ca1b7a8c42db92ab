"""The leaders' dashboard (màn hình điều hành): today, this month and this year, the late dossiers by agency and
procedure, and the dossiers due within 24 working hours — for an agency and the agencies under it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.constants import WORKING
from motcua.dossiers.models import Dossier
from motcua.statistics.selectors import form06, period_lines, scope_of
from motcua.workdays import calendar_for, deadline

#: Working hours ahead in which a dossier counts as due soon (nhắc việc).
DUE_SOON_HOURS = 24
LIMIT = 20
#: Weeks in the trend.
WEEKS = 12


def _weeks(ids: set[int], today: dt.date) -> list[Week]:
    monday = today - dt.timedelta(days=today.weekday())
    weeks = []
    for back in range(WEEKS - 1, -1, -1):
        start = monday - dt.timedelta(weeks=back)
        end = min(start + dt.timedelta(days=6), today)
        line = period_lines(ids=ids, date_from=start, date_to=end, group=None)[None]
        weeks.append(
            Week(
                start,
                end,
                line["received_online"] + line["received_other"],
                line["resolved_early"] + line["resolved_on_time"] + line["resolved_late"],
                line["resolved_late"],
            )
        )
    return weeks


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
class Week:
    """One week (Monday–Sunday, up to today) of the trend: newly received, resolved, of which late."""

    date_from: dt.date
    date_to: dt.date
    received: int
    resolved: int
    late: int


@dataclass(frozen=True)
class Dashboard:
    agency: Agency
    agencies: int
    periods: list[PeriodFigures]
    weeks: list[Week]
    late_by_agency: list[Count]
    late_by_procedure: list[Count]
    due_soon: list[DueSoon]

    def chart_weeks(self) -> dict[str, Any]:
        """The weekly trend for Chart.js (labels and datasets), passed to the page with ``json_script``."""
        return {
            "type": "line",
            "labels": [f"{w.date_from:%d/%m}" for w in self.weeks],
            "datasets": [
                {"label": _("Received"), "data": [w.received for w in self.weeks]},
                {"label": _("Resolved"), "data": [w.resolved for w in self.weeks]},
                {"label": _("Resolved late"), "data": [w.late for w in self.weeks]},
            ],
        }

    def chart_late(self) -> dict[str, Any]:
        """The agencies with the most overdue dossiers, as a horizontal bar chart."""
        return {
            "type": "bar",
            "labels": [c.name for c in self.late_by_agency[:10]],
            "datasets": [{"label": _("Overdue"), "data": [c.count for c in self.late_by_agency[:10]]}],
        }


def _late(ids: set[int], today: dt.date, group: str) -> list[tuple[str | int, int]]:
    """The groups with the most dossiers in progress past their appointment day, most first."""
    lines = period_lines(ids=ids, date_from=today, date_to=today, group=group)
    late = [(key, line["in_progress_overdue"]) for key, line in lines.items() if line["in_progress_overdue"] > 0]
    return sorted(late, key=lambda item: (-item[1], str(item[0])))[:LIMIT]


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
    names = {
        pk: (code, name)
        for pk, code, name in Agency.objects.filter(pk__in=[pk for pk, _n in by_agency]).values_list(
            "pk", "code", "name"
        )
    }
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
        weeks=_weeks(ids, today),
        late_by_agency=[Count(*names.get(int(pk), (str(pk), str(pk))), n) for pk, n in by_agency],
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
