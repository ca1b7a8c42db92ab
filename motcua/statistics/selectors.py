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


@dataclass(frozen=True)
class Plan:
    """What a period reads (domain guide 1.9), each part the cheaper way: the level at a cut (the start of a
    day) is a month's opening balance plus the daily rows from it up to the cut, or the next month's balance
    minus the daily rows from the cut to it; a partial month's flows are its daily rows, or the monthly row
    minus the daily rows of the rest of the month. So at most half a month of daily rows at each end."""

    #: months read whole from the monthly rollups
    months: frozenset[dt.date]
    #: daily-row ranges added to / taken from the flows
    plus: tuple[tuple[dt.date, dt.date], ...]
    minus: tuple[tuple[dt.date, dt.date], ...]
    #: for the level at the period's start / the day after its end: (balance month or None, range, sign)
    start: tuple[dt.date | None, tuple[dt.date | None, dt.date], int]
    end: tuple[dt.date | None, tuple[dt.date | None, dt.date], int]


def _forward(cut: dt.date, horizon: dt.date | None) -> bool:
    """Whether the days from ``cut`` to the next month are fewer than those since its month began (and the
    next month's balance is kept): then the level and the flows at this cut read those days."""
    month = month_of(cut)
    return horizon is not None and month < horizon and (next_month(month) - cut) < (cut - month)


def _level_at(cut: dt.date, horizon: dt.date | None) -> tuple[dt.date | None, tuple[dt.date | None, dt.date], int]:
    if horizon is None:  # no balances yet: every daily row before the cut
        return None, (None, cut), 1
    if _forward(cut, horizon):
        return next_month(month_of(cut)), (cut, next_month(month_of(cut))), -1
    base = min(month_of(cut), horizon)
    return base, (base, cut), 1


def plan(date_from: dt.date, date_to: dt.date, horizon: dt.date | None) -> Plan:
    end = date_to + dt.timedelta(days=1)
    months, plus, minus = set(), [], []
    month = month_of(date_from)
    while month < end:
        after = next_month(month)
        lo, hi = max(month, date_from), min(after, end)
        if (lo, hi) == (month, after):
            months.add(month)
        elif lo > month and hi < after:  # both ends in this month: the fewer days
            if (hi - lo).days <= (after - month).days - (hi - lo).days:
                plus.append((lo, hi))
            else:
                months.add(month)
                minus += [(month, lo), (hi, after)]
        elif lo > month:  # the period starts in this month: the same days as the level at its start
            if _forward(lo, horizon):
                plus.append((lo, after))
            else:
                months.add(month)
                minus.append((month, lo))
        elif _forward(hi, horizon):  # it ends in this month: the same days as the level after its end
            months.add(month)
            minus.append((hi, after))
        else:
            plus.append((month, hi))
        month = after
    return Plan(frozenset(months), tuple(plus), tuple(minus), _level_at(date_from, horizon), _level_at(end, horizon))


def _ranges(ranges: Iterable[tuple[dt.date | None, dt.date]]) -> Q | None:
    found = [_days(lo, hi) for lo, hi in ranges if lo is None or lo < hi]
    if not found:
        return None
    q = found[0]
    for more in found[1:]:
        q |= more
    return q


def period_lines(
    *, ids: set[int], date_from: dt.date, date_to: dt.date, group: str | None, extra: tuple[str, ...] = ()
) -> dict[Any, dict[str, int]]:
    """Biểu 06's raw figures (and the ``extra`` flows) of the agencies ``ids`` per ``group`` column (one line
    keyed None when ``group`` is None), by the rules of domain guide 1.9: carried over = open at the start;
    in progress = being processed at the end, overdue when the appointment day is before the period's end.
    Three queries (daily rows, monthly rows, balances), read as :class:`Plan` says."""
    horizon = Watermark.objects.filter(name=CONSUMER).values_list("horizon", flat=True).first()
    how = plan(date_from, date_to, horizon)
    measures = (*FLOW_COLUMNS, *extra)
    within = Q(due_day__gte=date_to) | Q(due_day__isnull=True)
    overdue = Q(due_day__lt=date_to)
    agencies = Q(agency_id__in=ids)
    lines: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*RAW_COLUMNS, *extra), 0))

    def add(rows: Any, sums: dict[str, Any], signs: dict[str, int]) -> None:
        if not sums:
            return
        found = rows.values(group).annotate(**sums).order_by() if group else [rows.aggregate(**sums)]
        for row in found:
            line = lines[row[group] if group else None]
            for name in sums:
                line[name.removeprefix("plus_").removeprefix("minus_")] += signs.get(name, 1) * int(row[name] or 0)

    sums: dict[str, Any] = {}
    signs: dict[str, int] = {}
    started, start_range, start_sign = how.start
    ended, end_range, end_sign = how.end
    if (started_days := _ranges([start_range])) is not None:
        sums["carried_over"] = _sum(opened_expression(), started_days)
        signs["carried_over"] = start_sign
    if (ended_days := _ranges([end_range])) is not None:
        sums["in_progress_within"] = _sum("active", ended_days & within)
        sums["in_progress_overdue"] = _sum("active", ended_days & overdue)
        signs["in_progress_within"] = signs["in_progress_overdue"] = end_sign
    # named apart from the fields: a later Sum("m") must read the column, not an earlier annotation "m"
    for ranges, prefix, sign in ((how.plus, "plus_", 1), (how.minus, "minus_", -1)):
        if (flows := _ranges(ranges)) is not None:
            for m in measures:
                sums[prefix + m], signs[prefix + m] = _sum(m, flows), sign
    read = [q for q in (started_days, ended_days, _ranges(how.plus), _ranges(how.minus)) if q is not None]
    if read:
        add(Rollup.objects.filter(agencies & _any(read)), sums, signs)
    if how.months:
        monthly = RollupMonth.objects.filter(agencies, month__in=how.months)
        add(monthly, {f"plus_{m}": Sum(m) for m in measures}, {})
    if horizon:
        assert started is not None
        assert ended is not None
        at_start, at_end = Q(month=started), Q(month=ended)
        add(
            Balance.objects.filter(agencies, month__in={started, ended}),
            {
                "carried_over": _sum("open", at_start),
                "in_progress_within": _sum("active", at_end & within),
                "in_progress_overdue": _sum("active", at_end & overdue),
            },
            {},
        )
    if group is None:
        lines.setdefault(None, dict.fromkeys((*RAW_COLUMNS, *extra), 0))
    return dict(lines)


def _any(conditions: list[Q]) -> Q:
    q = conditions[0]
    for more in conditions[1:]:
        q |= more
    return q


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
