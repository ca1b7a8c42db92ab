"""Reads of the statistics, scoped by the caller's agencies: Biểu 06 (Circular 01/2020/TT-VPCP) from rollups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, NotFound
from motcua.statistics.models import Rollup

GroupBy = Literal["field", "procedure"]
#: Longest period a report may cover (a few years of rollups).
MAX_DAYS = 3700

COLUMNS = (
    "received_total",
    "carried_over",
    "received_online",
    "received_other",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
    "withdrawn",
    "stopped",
)


@dataclass
class Form06Row:
    """One line of Biểu 06: a field (lĩnh vực) or a procedure, or the total (tổng số)."""

    code: str
    name: str
    values: dict[str, int] = field(default_factory=dict)


@dataclass
class Form06:
    """Biểu số 06/VPCP/KSTT: tình hình, kết quả giải quyết TTHC, for an agency (and those under it)."""

    agency_code: str
    agency_name: str
    agencies: int
    date_from: dt.date
    date_to: dt.date
    by: str
    rows: list[Form06Row]
    total: Form06Row

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def agencies_under(agency_ids: Iterable[int]) -> set[int]:
    """These agencies and every agency under them (cơ quan cấp dưới), following ``parent``."""
    found: set[int] = set()
    frontier = set(agency_ids)
    while frontier:
        found |= frontier
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
    return found


def _ended() -> Any:
    return F("resolved_early") + F("resolved_on_time") + F("resolved_late") + F("withdrawn") + F("stopped")


def _sum(expression: Any, condition: Q) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), 0)


def figures(date_from: dt.date, date_to: dt.date, *extra: str) -> dict[str, Any]:
    """The aggregate expressions of Biểu 06 (and of the ``extra`` measures summed over the period)."""
    period = Q(day__gte=date_from)
    return {
        "carried_over": _sum(F("received_online") + F("received_other") - _ended(), Q(day__lt=date_from)),
        "received_online": _sum("received_online", period),
        "received_other": _sum("received_other", period),
        "resolved_early": _sum("resolved_early", period),
        "resolved_on_time": _sum("resolved_on_time", period),
        "resolved_late": _sum("resolved_late", period),
        "in_progress_within": _sum("active", Q(due_day__gte=date_to) | Q(due_day__isnull=True)),
        "in_progress_overdue": _sum("active", Q(due_day__lt=date_to)),
        "withdrawn": _sum("withdrawn", period),
        "stopped": _sum("stopped", period),
    } | {name: _sum(name, period) for name in extra}


def scope_of(*, allowed: set[int], agency_code: str, with_children: bool) -> tuple[Agency, set[int]]:
    """The agency (if the caller may see it) and the agencies its figures cover."""
    agency = Agency.objects.filter(code=agency_code, pk__in=allowed).first()
    if agency is None:
        raise NotFound(_("No such agency."))
    return agency, (agencies_under([agency.pk]) & allowed) if with_children else {agency.pk}


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from or (date_to - date_from).days > MAX_DAYS:
        raise DomainError(_("Give a period whose end is not before its start, at most ten years."), code="bad_period")


def form06(
    *,
    allowed: set[int],
    agency_code: str,
    date_from: dt.date,
    date_to: dt.date,
    with_children: bool = True,
    by: GroupBy = "field",
) -> Form06:
    """Biểu 06 of ``agency_code`` (with the agencies under it) for the period; ``allowed`` = the caller's scope."""
    check_period(date_from, date_to)
    agency, ids = scope_of(allowed=allowed, agency_code=agency_code, with_children=with_children)
    group = "field_code" if by == "field" else "procedure_code"
    lines = (
        Rollup.objects.filter(agency_id__in=ids, day__lte=date_to)
        .values(group)
        .annotate(**figures(date_from, date_to))
        .order_by(group)
    )
    names = _names(by)
    rows: list[Form06Row] = []
    total = Form06Row(code="", name=str(_("Total")), values=dict.fromkeys(COLUMNS, 0))
    for line in lines:
        values = complete(line)
        if not any(values.values()):
            continue
        code = line[group]
        rows.append(Form06Row(code=code, name=names.get(code, "") or str(_("Other")), values=values))
        for column in COLUMNS:
            total.values[column] += values[column]
    return Form06(agency.code, agency.name, len(ids), date_from, date_to, by, rows, total)


def complete(line: dict[str, Any]) -> dict[str, int]:
    """Biểu 06's 13 figures of an aggregated line (the three totals added)."""
    values = {k: int(line[k]) for k in COLUMNS if k in line}
    values["received_total"] = values["carried_over"] + values["received_online"] + values["received_other"]
    values["resolved_total"] = values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
    values["in_progress_total"] = values["in_progress_within"] + values["in_progress_overdue"]
    return {k: values[k] for k in COLUMNS}


def _names(by: GroupBy) -> dict[str, str]:
    if by == "procedure":
        return dict(Procedure.objects.values_list("code", "name"))
    return dict(Procedure.objects.exclude(field_code="").values_list("field_code", "field_name").distinct())


def client_scope(*, agency_ids: Iterable[int]) -> set[int]:
    """An API client's reach: its agencies and every agency under them."""
    return agencies_under(agency_ids)


def official_scope(*, user_id: int) -> set[int]:
    """A leader's reach: the agencies they lead and those under them; a city operator's: every agency."""
    from motcua.agencies.constants import Role
    from motcua.agencies.selectors import memberships_of
    from motcua.statistics.policies import READER_ROLES

    roles = list(memberships_of(user_id=user_id).filter(role__in=READER_ROLES).values_list("role", "agency_id"))
    if any(role == Role.CITY_OPERATOR for role, _agency in roles):
        return set(Agency.objects.values_list("pk", flat=True))
    return agencies_under(agency for _role, agency in roles)
