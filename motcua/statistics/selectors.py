"""Reads of the statistics, scoped by the caller's agencies: Biểu 06 (Circular 01/2020/TT-VPCP) from rollups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, NotFound
from motcua.statistics.levels import month_of, next_month, opened_expression
from motcua.statistics.models import Balance, Rollup, RollupMonth, Watermark
from motcua.statistics.services import CONSUMER

GroupBy = Literal["field", "procedure"]
#: Longest period a report may cover (a few years of rollups).
MAX_DAYS = 3700

#: The columns summed from the rollups (the other three are totals of these).
FLOW_COLUMNS = (
    "received_online",
    "received_other",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
)
RAW_COLUMNS = (*FLOW_COLUMNS, "carried_over", "in_progress_within", "in_progress_overdue")
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


def _sum(expression: Any, condition: Q) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), 0)


def figures(date_from: dt.date, date_to: dt.date, *extra: str) -> dict[str, Any]:
    """Aggregate expressions of Biểu 06 over the *daily* rollups (every row up to the period's end must be
    selected). Kept for callers that annotate daily rows themselves; :func:`period_lines` reads far fewer rows."""
    period = Q(day__gte=date_from)
    return {
        "carried_over": _sum(opened_expression(), Q(day__lt=date_from)),
        **{m: _sum(m, period) for m in FLOW_COLUMNS},
        "in_progress_within": _sum("active", Q(due_day__gte=date_to) | Q(due_day__isnull=True)),
        "in_progress_overdue": _sum("active", Q(due_day__lt=date_to)),
    } | {name: _sum(name, period) for name in extra}


def _days(lo: dt.date | None, hi: dt.date) -> Q:
    """Daily rows from ``lo`` (from the beginning when None) to before ``hi``."""
    return Q(day__lt=hi) if lo is None else Q(day__gte=lo, day__lt=hi)


def period_lines(
    *, ids: set[int], date_from: dt.date, date_to: dt.date, group: str | None, extra: tuple[str, ...] = ()
) -> dict[Any, dict[str, int]]:
    """Biểu 06's raw figures (and the ``extra`` flows) of the agencies ``ids`` per ``group`` column (one line
    keyed None when ``group`` is None), by the rules of domain guide 1.9: carried over = open at the start;
    in progress = being processed at the end, overdue when the appointment day is before the period's end.

    Reads the monthly rollups for the whole months of the period, the opening balances of the months of its
    start and of the day after its end, and the daily rows in between (at most a month on each side)."""
    end = date_to + dt.timedelta(days=1)
    horizon = Watermark.objects.filter(name=CONSUMER).values_list("horizon", flat=True).first()
    start_balance = min(month_of(date_from), horizon) if horizon else None
    end_balance = min(month_of(end), horizon) if horizon else None
    first_full = date_from if date_from.day == 1 else next_month(month_of(date_from))
    after_full = month_of(end)
    whole = first_full < after_full
    flows = (_days(date_from, first_full) | _days(after_full, end)) if whole else _days(date_from, end)
    measures = (*FLOW_COLUMNS, *extra)
    within = Q(due_day__gte=date_to) | Q(due_day__isnull=True)
    overdue = Q(due_day__lt=date_to)
    agencies = Q(agency_id__in=ids)
    lines: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*RAW_COLUMNS, *extra), 0))

    def add(rows: Any, **sums: Any) -> None:
        found = rows.values(group).annotate(**sums).order_by() if group else [rows.aggregate(**sums)]
        for row in found:
            line = lines[row[group] if group else None]
            for name in sums:
                line[name] += int(row[name] or 0)

    started = _days(start_balance, date_from)
    ended = _days(end_balance, end)
    add(
        Rollup.objects.filter(agencies & (started | flows | ended)),
        carried_over=_sum(opened_expression(), started),
        in_progress_within=_sum("active", ended & within),
        in_progress_overdue=_sum("active", ended & overdue),
        **{m: _sum(m, flows) for m in measures},
    )
    if whole:
        monthly = RollupMonth.objects.filter(agencies, month__gte=first_full, month__lt=after_full)
        add(monthly, **{m: Sum(m) for m in measures})
    if horizon:
        at_start, at_end = Q(month=start_balance), Q(month=end_balance)
        add(
            Balance.objects.filter(agencies, month__in={start_balance, end_balance}),
            carried_over=_sum("open", at_start),
            in_progress_within=_sum("active", at_end & within),
            in_progress_overdue=_sum("active", at_end & overdue),
        )
    if group is None:
        lines.setdefault(None, dict.fromkeys((*RAW_COLUMNS, *extra), 0))
    return dict(lines)


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
    lines = period_lines(ids=ids, date_from=date_from, date_to=date_to, group=group)
    names = _names(by)
    rows: list[Form06Row] = []
    total = Form06Row(code="", name=str(_("Total")), values=dict.fromkeys(COLUMNS, 0))
    for code, line in sorted(lines.items()):
        values = complete(line)
        if not any(values.values()):
            continue
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
