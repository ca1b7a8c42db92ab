"""Statistics: Biểu 06 for a whole year from the rollups (số liệu tổng hợp), on PostgreSQL.

Rollup rows are generated directly (COPY), as the consumer would leave them for N dossiers a year spread over
130 agencies × 60 procedures × the working days of two years (the previous year feeds "carried over"): each
agency × procedure × day with activity holds the dossiers received and resolved that day, by appointment day.
``BENCH_PG_URL`` (default postgres://postgres@127.0.0.1:5432/motcua_bench_statistics; created if missing).
Figures: p50 and worst of 10 runs of the whole city (every agency under the root) by field, and of one agency.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from bench.common import Figure, django_setup

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/motcua_bench_statistics"
AGENCIES = 130
PROCEDURES = 60
YEAR = 2026
DOSSIERS = {"small": 500_000, "full": 5_000_000}


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _agencies() -> list[int]:
    from motcua.agencies.models import Agency
    from motcua.geo.models import Unit

    unit, _created = Unit.objects.get_or_create(
        structure="2025",
        code="01",
        defaults={
            "level": "province",
            "kind": "thành phố",
            "name": "Thành phố Hà Nội",
            "short_name": "Hà Nội",
            "province_code": "01",
        },
    )
    root, _created = Agency.objects.get_or_create(
        code="000.00.00.H26",
        defaults={"name": "UBND Thành phố", "kind": "peoples_committee", "level": "province", "unit": unit},
    )
    for i in range(AGENCIES):
        Agency.objects.get_or_create(
            code=f"{i:03d}.01.00.H26",
            defaults={"name": f"Cơ quan {i}", "kind": "department", "level": "province", "unit": unit, "parent": root},
        )
    return list(Agency.objects.filter(parent=root).values_list("pk", flat=True))


def _working_days() -> list[dt.date]:
    day, end, days = dt.date(YEAR - 1, 1, 1), dt.date(YEAR, 12, 31), []
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _generate(dossiers: int) -> int:
    """COPY rollup rows for ``dossiers`` a year (and as many the year before); the number of rows."""
    from django.db import connection

    from motcua.statistics.models import Rollup

    Rollup.objects.all().delete()
    rng = random.Random(2026)
    agencies, days = _agencies(), _working_days()
    cells = [(a, p) for a in agencies for p in range(PROCEDURES)]
    rows = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY statistics_rollup (agency_id, procedure_code, field_code, day, due_day, received_online, received_other,"
            " resolved_early, resolved_on_time, resolved_late, withdrawn, stopped, active, supplements, late_supplements,"
            " processing_seconds, digitised, reused) FROM STDIN"
        ) as copy,
    ):
        per_day = dossiers // 250
        for index, day in enumerate(days):
            n = min(len(cells), per_day // 2)
            c = per_day // n  # dossiers per row (2 while agencies × procedures has room)
            for cell in rng.sample(range(len(cells)), n):
                agency, procedure = cells[cell]
                due = days[min(index + rng.choice((1, 3, 5, 10)), len(days) - 1)]
                online = rng.random() < 0.8
                early, late = rng.random() < 0.7, rng.random() < 0.05
                copy.write_row(
                    (
                        agency,
                        f"1.{procedure:06d}",
                        f"F{procedure % 12:02d}",
                        day,
                        due,
                        c if online else 0,
                        0 if online else c,
                        c if early else 0,
                        0 if early or late else c,
                        c if late else 0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        172800 * c,
                        c,
                        c,
                    )
                )
                rows += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statistics_rollup")
    return rows


def _measure(ids: set[int], code: str, by: str) -> list[float]:
    from motcua.statistics.selectors import form06

    times = []
    for _ in range(10):
        started = time.perf_counter()
        form06(allowed=ids, agency_code=code, date_from=dt.date(YEAR, 1, 1), date_to=dt.date(YEAR, 12, 31), by=by)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(scale: str) -> list[Figure]:
    url = os.environ.get("BENCH_PG_URL", PG_DEFAULT)
    _ensure_database(url)
    vendor = django_setup(url)
    from motcua.agencies.models import Agency
    from motcua.statistics.selectors import agencies_under

    dossiers = DOSSIERS.get(scale, DOSSIERS["small"])
    started = time.perf_counter()
    rows = _generate(dossiers)
    loaded = time.perf_counter() - started
    root = Agency.objects.get(code="000.00.00.H26")
    everything = agencies_under([root.pk])
    one = Agency.objects.filter(parent=root).order_by("code").first()
    assert one is not None
    context = f"{rows:,} rollup rows = {dossiers:,} dossiers/year × 2 years, {AGENCIES} agencies × {PROCEDURES} procedures, {vendor}"
    figures = [Figure("statistics_rollup_copy", rows / loaded, "rows/s", context)]
    for name, code, by in [
        ("city_by_field", root.code, "field"),
        ("city_by_procedure", root.code, "procedure"),
        ("agency_by_field", one.code, "field"),
    ]:
        times = _measure(everything, code, by)
        figures.append(Figure(f"statistics_form06_year_{name}_p50", statistics.median(times), "ms", context))
        figures.append(Figure(f"statistics_form06_year_{name}_max", max(times), "ms", context + "; target ≤ 300 ms"))
    return figures
