"""Monthly rollups (số liệu tháng) and opening balances (số dư đầu tháng), kept from the daily rollups' changes.

A report then reads twelve monthly rows per agency × procedure for a year's flows, and the balances of one
month (plus at most a month of daily rows) for what was open at its start or in progress at its end, instead
of every daily row since the first dossier. The consumer calls :func:`levels_apply` in its transaction,
before it adds the same changes to the daily rows; the rebuild recomputes both from the daily totals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import connection
from django.db.models import F, Sum

from motcua.statistics.models import FLOWS, Balance, Rollup, RollupMonth, Watermark

#: (agency, procedure, field, day ISO, appointment day ISO or None), as in the daily rollups.
Key = tuple[int, str, str, str, str | None]
OPENED = ("received_online", "received_other")
ENDED = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "stopped")


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included."""
    month = month_of(first)
    while month <= last:
        yield month
        month = next_month(month)


def opened(measures: Mapping[str, int]) -> int:
    """The change of the number of open dossiers: received minus finished (resolved, withdrawn, stopped)."""
    return sum(measures.get(m, 0) for m in OPENED) - sum(measures.get(m, 0) for m in ENDED)


def opened_expression() -> Any:
    return F("received_online") + F("received_other") - sum((F(m) for m in ENDED[1:]), F(ENDED[0]))


def _increment(model: Any, rows: list[tuple[Any, Mapping[str, int]]], fields: list[str]) -> None:
    """``UPDATE … SET m = m + v.m FROM (VALUES …)``: one statement per 500 rows, adding rather than setting
    (SQLite ≥ 3.33 and PostgreSQL alike)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        row_values = "(" + ", ".join(["CAST(%s AS BIGINT)"] * (len(fields) + 1)) + ")"
        sets = ", ".join(f"{quote(f)} = {table}.{quote(f)} + v.{quote(f)}" for f in fields)
        columns = ", ".join(quote(c) for c in ("id", *fields))
        sql = (
            f"WITH v({columns}) AS (VALUES {', '.join([row_values] * len(chunk))}) "  # noqa: S608 - our names
            f"UPDATE {table} SET {sets} FROM v WHERE {table}.{quote('id')} = v.{quote('id')}"
        )
        params = [value for row, measures in chunk for value in (row.pk, *(measures.get(f, 0) for f in fields))]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def add_counts(model: Any, keys: tuple[str, ...], changes: Mapping[tuple[Any, ...], Mapping[str, int]]) -> None:
    """Add ``changes`` (by key: the values of ``keys``) to the rows of ``model``, creating the missing ones:
    one read, one update and one bulk insert per 500 keys. The caller holds the consumer's
    lock, so no other writer changes these rows in between."""
    changes = {key: {m: n for m, n in measures.items() if n} for key, measures in changes.items()}
    changes = {key: measures for key, measures in changes.items() if measures}
    if not changes:
        return
    # a superset of the rows, by each key column's values; matched exactly below
    near = {k: {key[i] for key in changes} for i, k in enumerate(keys) if k in ("agency_id", "day", "month")}
    found = {
        tuple(getattr(row, k) for k in keys): row
        for row in model.objects.filter(**{f"{k}__in": v for k, v in near.items()})
    }
    updated, created, fields = [], [], set()
    for key, measures in changes.items():
        row = found.get(key)
        if row is None:
            created.append(model(**dict(zip(keys, key, strict=True)), **measures))
            continue
        fields |= set(measures)
        updated.append(row)
    if updated:
        _increment(model, [(row, changes[key]) for key, row in found.items() if key in changes], sorted(fields))
    if created:
        model.objects.bulk_create(created, batch_size=500)


def _extend(mark: Watermark, until: dt.date) -> None:
    """Carry the opening balances forward month by month up to ``until`` (from the daily rows not yet changed)."""
    keys = ("agency_id", "procedure_code", "field_code", "due_day")
    horizon = mark.horizon
    while horizon is None or horizon < until:
        start = horizon or until
        target = start if horizon is None else next_month(start)
        totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
        if horizon is not None:
            for row in Balance.objects.filter(month=horizon).values(*keys, "open", "active"):
                bucket = totals[tuple(row[k] for k in keys)]
                bucket[0] += row["open"]
                bucket[1] += row["active"]
        days = Rollup.objects.filter(day__lt=target)
        if horizon is not None:
            days = days.filter(day__gte=horizon)
        for row in days.values(*keys).annotate(o=Sum(opened_expression()), a=Sum("active")):
            bucket = totals[tuple(row[k] for k in keys)]
            bucket[0] += row["o"] or 0
            bucket[1] += row["a"] or 0
        Balance.objects.bulk_create(
            [
                Balance(**dict(zip(keys, key, strict=True)), month=target, open=o, active=a)
                for key, (o, a) in totals.items()
                if o or a
            ],
            batch_size=2000,
        )
        horizon = target
    mark.horizon = horizon
    mark.save(update_fields=["horizon", "updated_at"])


def levels_apply(deltas: Mapping[Key, Mapping[str, int]], mark: Watermark) -> None:
    """Add these changes of the daily rollups to the monthly rollups and to every opening balance after them."""
    by_month: dict[tuple[int, str, str, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_balance: dict[tuple[int, str, str, str | None, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    for (agency, procedure, field_code, day, due), measures in deltas.items():
        month = month_of(dt.date.fromisoformat(day))
        for m in FLOWS:
            if measures.get(m):
                by_month[(agency, procedure, field_code, month)][m] += measures[m]
        change = by_balance[(agency, procedure, field_code, due, next_month(month))]
        change[0] += opened(measures)
        change[1] += measures.get("active", 0)
    add_counts(RollupMonth, ("agency_id", "procedure_code", "field_code", "month"), by_month)
    if not by_balance:
        return
    # the horizon follows the latest day touched, whatever the net change, so it does not depend on batching
    _extend(mark, max(key[4] for key in by_balance))
    assert mark.horizon is not None
    balances: dict[tuple[int, str, str, dt.date, dt.date | None], dict[str, int]] = defaultdict(
        lambda: {"open": 0, "active": 0}
    )
    for (agency, procedure, field_code, due, first), (o, a) in by_balance.items():
        due_day = dt.date.fromisoformat(due) if due else None
        for month in months(first, mark.horizon) if o or a else ():
            level = balances[(agency, procedure, field_code, month, due_day)]
            level["open"] += o
            level["active"] += a
    add_counts(Balance, ("agency_id", "procedure_code", "field_code", "month", "due_day"), balances)


def levels_expected(
    daily: Mapping[Key, Mapping[str, int]], horizon: dt.date | None
) -> tuple[dict[Key, dict[str, int]], dict[Key, dict[str, int]], dt.date | None]:
    """From daily totals: the monthly rollups and the opening balances (keyed like the daily rows, the month
    or balance month as the day), and the horizon (the month after the last day, or the stored one if later)."""
    monthly: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    changes: dict[tuple[int, str, str, str | None], dict[dt.date, list[int]]] = defaultdict(dict)
    for (agency, procedure, field_code, day, due), measures in daily.items():
        month = month_of(dt.date.fromisoformat(day))
        for m in FLOWS:
            if measures.get(m):
                monthly[(agency, procedure, field_code, month.isoformat(), None)][m] += measures[m]
        change = changes[(agency, procedure, field_code, due)].setdefault(next_month(month), [0, 0])
        change[0] += opened(measures)
        change[1] += measures.get("active", 0)
    firsts = [first for by_first in changes.values() for first in by_first]
    if firsts:
        horizon = max([*firsts, *([horizon] if horizon else [])])
    balances: dict[Key, dict[str, int]] = {}
    for (agency, procedure, field_code, due), by_first in changes.items():
        assert horizon is not None
        level = [0, 0]
        for month in months(min(by_first), horizon):
            change = by_first.get(month, [0, 0])
            level = [level[0] + change[0], level[1] + change[1]]
            if any(level):
                balances[(agency, procedure, field_code, month.isoformat(), due)] = {
                    "open": level[0],
                    "active": level[1],
                }
    return {k: {m: n for m, n in v.items() if n} for k, v in monthly.items()}, balances, horizon
