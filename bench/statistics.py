"""Statistics: Biểu 06 for a whole year from the rollups (số liệu tổng hợp), on PostgreSQL.

Rollup rows are generated directly (COPY), as the consumer would leave them for N dossiers a year spread over
130 agencies × 60 procedures × the working days of two years (the previous year feeds "carried over"): each
agency × procedure × day with activity holds the dossiers received and resolved that day, by appointment day.
``BENCH_PG_URL`` (default postgres://postgres@127.0.0.1:5432/motcua_bench_statistics; created if missing).
Figures: p50 and worst of 10 runs of the whole city (every agency under the root) by field and by procedure, of
one agency, and of a period that is not whole months; the drill-down (the dossiers behind a figure) over as many
per-dossier facts, also COPied; LibreOffice converting the city's xlsx to PDF (its total
checked in the PDF's text); and dossier intake with and without the rollup consumer running beside it (its own
database, ``BENCH_PG_URL`` + ``_intake``; the consumer's result checked against a rebuild).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.common import Figure, django_setup

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/motcua_bench_statistics"
AGENCIES = 130
PROCEDURES = 60
YEAR = 2026
DOSSIERS = {"small": 500_000, "full": 5_000_000}
#: Seconds between the consumer's polls while intake runs (the README suggests 30 for production).
POLL = 2


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


def _outcome(finished: int, due: int) -> str:
    if finished < due:
        return "resolved_early"
    return "resolved_on_time" if finished == due else "resolved_late"


def _generate(dossiers: int, url: str) -> tuple[int, int, int]:
    """COPY daily rollups for ``dossiers`` a year (and as many the year before), as the consumer leaves them:
    groups of dossiers received on a day with one appointment day, finished some working days later (a few
    withdrawn; those finishing after the last day still open); then the monthly rollups (SQL) and the opening
    balances (from the groups open at each month's start). The numbers of daily, monthly and balance rows."""
    import psycopg
    from django.db import connection

    from motcua.statistics.levels import next_month
    from motcua.statistics.models import FLOWS, MEASURES, Balance, Rollup, RollupMonth, Watermark
    from motcua.statistics.services import CONSUMER

    for model in (Rollup, RollupMonth, Balance):
        model.objects.all().delete()
    rng = random.Random(2026)
    agencies, days = _agencies(), _working_days()
    cells = [(a, p) for a in agencies for p in range(PROCEDURES)]
    per_day = dossiers // 250
    groups = min(len(cells), per_day // 2)
    base, extra = divmod(per_day, groups)  # dossiers per group: the remainder spread over the first groups
    pending: dict[int, dict[tuple[int, int], dict[str, int]]] = defaultdict(dict)
    open_groups: list[tuple[int, int, int, int]] = []  # (cell, finish index, due index, dossiers)
    rows = balances = 0
    month = days[0].replace(day=1)
    copy_rollups = f"COPY statistics_rollup (agency_id, procedure_code, field_code, day, due_day, {', '.join(MEASURES)}) FROM STDIN"
    copy_balances = (
        "COPY statistics_balance (agency_id, procedure_code, field_code, month, due_day, open, active) FROM STDIN"
    )

    def write_balances(copy: Any, at: dt.date, index: int) -> int:
        nonlocal open_groups
        open_groups = [g for g in open_groups if g[1] >= index]
        level: dict[tuple[int, int], int] = defaultdict(int)
        for cell, _finish, due, n in open_groups:
            level[(cell, due)] += n
        for (cell, due), n in level.items():
            agency, procedure = cells[cell]
            copy.write_row((agency, f"1.{procedure:06d}", f"F{procedure % 12:02d}", at, days[due], n, n))
        return len(level)

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_rollups) as copy,
        psycopg.connect(url) as other,
        other.cursor() as raw,
        raw.copy(copy_balances) as balance_copy,
    ):
        for index, day in enumerate(days):
            if day.replace(day=1) != month:
                month = day.replace(day=1)
                balances += write_balances(balance_copy, month, index)
            for n, cell in enumerate(rng.sample(range(len(cells)), groups)):
                size = base + (n < extra)
                due = min(index + rng.choice((1, 3, 5, 10)), len(days) - 1)
                finish = index + rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12))
                online = rng.random() < 0.8
                row = pending[index].setdefault((cell, due), {})
                row["received_online" if online else "received_other"] = (
                    row.get("received_online" if online else "received_other", 0) + size
                )
                row["active"] = row.get("active", 0) + size
                row["digitised"] = row.get("digitised", 0) + size
                open_groups.append((cell, finish, due, size))
                if finish < len(days):
                    end = pending[finish].setdefault((cell, due), {})
                    outcome = "withdrawn" if rng.random() < 0.03 else _outcome(finish, due)
                    end[outcome] = end.get(outcome, 0) + size
                    end["active"] = end.get("active", 0) - size
                    if outcome != "withdrawn":
                        end["processing_seconds"] = end.get("processing_seconds", 0) + 86400 * (finish - index) * size
                        end["e_results"] = end.get("e_results", 0) + size
            for (cell, due), m in pending.pop(index, {}).items():
                agency, procedure = cells[cell]
                copy.write_row(
                    (
                        agency,
                        f"1.{procedure:06d}",
                        f"F{procedure % 12:02d}",
                        day,
                        days[due],
                        *tuple(m.get(k, 0) for k in MEASURES),
                    )
                )
                rows += 1
        horizon = next_month(days[-1].replace(day=1))
        balances += write_balances(balance_copy, horizon, len(days))
    flows = ", ".join(FLOWS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO statistics_rollupmonth (agency_id, procedure_code, field_code, month, {flows})"  # noqa: S608
            f" SELECT agency_id, procedure_code, field_code, date_trunc('month', day)::date,"
            f" {', '.join(f'SUM({m})' for m in FLOWS)} FROM statistics_rollup"
            " GROUP BY agency_id, procedure_code, field_code, date_trunc('month', day)"
        )
        monthly = cursor.rowcount
        for table in ("statistics_rollup", "statistics_rollupmonth", "statistics_balance"):
            cursor.execute(f"ANALYZE {table}")
    Watermark.objects.update_or_create(name=CONSUMER, defaults={"horizon": horizon})
    return rows, monthly, balances


def _generate_facts(dossiers: int, url: str) -> tuple[int, int]:
    """COPY the per-dossier facts (with the drill-down's summary columns) and stretches in progress of
    ``dossiers`` received over the working days of the year, as the consumer leaves them: finished some working
    days later (a few withdrawn), those finishing after the year's last day still open. Rows of each."""
    import psycopg
    from django.db import connection

    rng = random.Random(766)
    agencies, days = _agencies(), [d for d in _working_days() if d.year == YEAR]
    facts = spans = 0
    columns = (
        "dossier_id, audit_seq, agency_id, procedure_code, field_code, due_day, contributions, received_day,"
        " received_online, ended_day, ended_as, reused, digitised_results, fee_bearing, paid_online,"
        " late_supplements, e_results, ratings, satisfied, unhappy"
    )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE statistics_dossierfact, statistics_activespan")
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY statistics_dossierfact ({columns}) FROM STDIN") as copy,
        psycopg.connect(url) as other,
        other.cursor() as raw,
        raw.copy("COPY statistics_activespan (dossier_id, start_day, end_day) FROM STDIN") as span_copy,
    ):
        for pk in range(1, dossiers + 1):
            index = (pk - 1) * len(days) // dossiers
            procedure = rng.randrange(PROCEDURES)
            received, online = days[index], rng.random() < 0.8
            due_index = min(index + rng.choice((1, 3, 5, 10)), len(days) - 1)
            due = days[due_index]
            finish = index + rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12))
            ended = days[finish] if finish < len(days) else None
            outcome = ""
            if ended is not None:
                outcome = "withdrawn" if rng.random() < 0.03 else _outcome(finish, due_index)
            start = {"received_online" if online else "received_other": 1, "active": 1}
            contributions = {received.isoformat(): start}
            if ended is not None:
                contributions.setdefault(ended.isoformat(), {}).update({outcome: 1, "active": -1})
            resolved = outcome.startswith("resolved")
            copy.write_row(
                (
                    pk, 3, rng.choice(agencies), f"1.{procedure:06d}", f"F{procedure % 12:02d}", due,
                    json.dumps(contributions), received, online, ended, outcome, False, False, False, False,
                    False, resolved, False, False, False,
                )
            )  # fmt: skip
            facts += 1
            if ended != received:
                span_copy.write_row((pk, received, ended))
                spans += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE statistics_dossierfact")
        cursor.execute("ANALYZE statistics_activespan")
    return facts, spans


def _drill(
    ids: set[int], code: str, measure: str, period: tuple[dt.date, dt.date], page: int
) -> tuple[list[float], int]:
    """Times of 5 drill-downs (count, one page of the facts, the page's dossiers) and the figure's total."""
    from motcua.statistics.drilldown import dossiers_behind

    times, total = [], 0
    for _ in range(5):
        started = time.perf_counter()
        drill = dossiers_behind(
            allowed=ids, agency_code=code, date_from=period[0], date_to=period[1], measure=measure, page=page
        )
        times.append((time.perf_counter() - started) * 1000)
        total = drill.total
    return times, total


def _drill_figures(scale: str, url: str, everything: set[int], code: str) -> list[Figure]:
    dossiers = DOSSIERS.get(scale, DOSSIERS["small"])
    started = time.perf_counter()
    facts, spans = _generate_facts(dossiers, url)
    loaded = time.perf_counter() - started
    load = os.getloadavg()[0]
    context = (
        f"{facts:,} facts, {spans:,} stretches in progress ({dossiers:,} dossiers over {YEAR}), whole city"
        f" ({AGENCIES} agencies); the page's dossiers not in this database; load avg {load:.1f} on {os.cpu_count()} cores"
    )
    figures = [Figure("statistics_facts_generate", facts / loaded, "facts/s", context)]
    year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    march = (dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31))
    for name, measure, period, page in [
        ("year_received", "received_total", year, 1),
        ("year_received_page_1000", "received_total", year, 1000),
        ("year_resolved_late", "resolved_late", year, 1),
        ("march_carried_over", "carried_over", march, 1),
        ("march_in_progress_overdue", "in_progress_overdue", march, 1),
        ("year_on_time", "on_time", year, 1),
    ]:
        times, total = _drill(everything, code, measure, period, page)
        detail = f"{context}; {total:,} dossiers behind the figure, page {page} (100 a page)"
        figures.append(Figure(f"statistics_drilldown_{name}_p50", statistics.median(times), "ms", detail))
    return figures


def _measure(ids: set[int], code: str, by: str, date_from: dt.date, date_to: dt.date) -> list[float]:
    from motcua.statistics.selectors import form06

    times = []
    for _ in range(10):
        started = time.perf_counter()
        form06(allowed=ids, agency_code=code, date_from=date_from, date_to=date_to, by=by)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    return times


def _libreoffice(ids: set[int], code: str) -> Figure | None:
    """The year's city-wide xlsx converted by LibreOffice (``--headless --convert-to pdf``); its total checked."""
    from pypdf import PdfReader

    from motcua.statistics.selectors import form06
    from motcua.statistics.xlsx import FIGURES, form06_xlsx

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        print("bench: statistics_form06_xlsx_to_pdf not run: LibreOffice is not installed", file=sys.stderr)
        return None
    report = form06(allowed=ids, agency_code=code, date_from=dt.date(YEAR, 1, 1), date_to=dt.date(YEAR, 12, 31))
    with tempfile.TemporaryDirectory(prefix="motcua-statistics-") as folder:
        source = Path(folder) / "bieu06.xlsx"
        source.write_bytes(form06_xlsx(report))
        started = time.perf_counter()
        subprocess.run(
            [
                office,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        took = time.perf_counter() - started
        text = "\n".join(page.extract_text() for page in PdfReader(source.with_suffix(".pdf")).pages)
    # the total row's figures, in order, on one line of the PDF (its Vietnamese words extract poorly)
    total = " ".join(str(report.total.values[k]) for k in FIGURES)
    if "06/VPCP/KSTT" not in text or total not in text:
        raise SystemExit(f"bench: the PDF LibreOffice made from Biểu 06 lacks its total row {total!r}")
    context = (
        f"{len(report.rows)} field rows, total received {report.total.values['received_total']:,} found in the PDF"
    )
    return Figure("statistics_form06_xlsx_to_pdf", took, "s", context)


def _caught_up(timeout: float = 300) -> None:
    """Wait until the consumer's watermark reaches the newest audit entry."""
    from motcua.dossiers.models import AuditEntry
    from motcua.statistics.models import Watermark
    from motcua.statistics.services import CONSUMER

    newest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    deadline = time.monotonic() + timeout
    while (Watermark.objects.filter(name=CONSUMER).values_list("last_entry_id", flat=True).first() or 0) < newest:
        if time.monotonic() > deadline:
            raise SystemExit("bench: the rollup consumer did not catch up")
        time.sleep(0.2)


def _intake(url: str, rounds: int, count: int) -> dict[str, Any]:
    """Dossier intake (file + receive) with the rollup consumer running beside it and with it paused (SIGSTOP),
    in turns; before a timed turn with it, the consumer first works off what the previous turn left."""
    django_setup(url)
    from bench.dossier_intake import _prepare, _work
    from motcua.dossiers.models import Dossier
    from motcua.statistics.services import rollups_rebuild, rollups_update_all

    plan = _prepare()
    rollups_update_all()
    rates: dict[str, list[float]] = {"without": [], "with": []}
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.settings.base"}
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "statistics_update", "--follow", str(POLL), "--batch", "2000"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        for turn in range(rounds):
            for mode in ("without", "with"):
                if mode == "with":
                    consumer.send_signal(signal.SIGCONT)
                    _caught_up()
                else:
                    _caught_up()
                    consumer.send_signal(signal.SIGSTOP)
                started = time.perf_counter()
                _work(plan, (2 * turn + (mode == "with")) * count, count)
                rates[mode].append(count / (time.perf_counter() - started))
        consumer.send_signal(signal.SIGCONT)
        _caught_up()
    finally:
        consumer.send_signal(signal.SIGCONT)
        consumer.terminate()
        consumer.wait(timeout=30)
    rollups_update_all()
    # the same work one after the other in this process: the consumer's time as a share of the intake's
    shares = []
    for turn in range(rounds):
        started = time.perf_counter()
        _work(plan, (2 * rounds + turn) * count, count)
        filed = time.perf_counter() - started
        started = time.perf_counter()
        rollups_update_all()
        shares.append((time.perf_counter() - started) / filed * 100)
    return {
        "sequential": statistics.median(shares),
        "without": statistics.median(rates["without"]),
        "with": statistics.median(rates["with"]),
        "differences": len(rollups_rebuild(write=False)),
        "dossiers": Dossier.objects.count(),
    }


def _intake_figures(scale: str) -> list[Figure]:
    url = os.environ.get("BENCH_PG_URL", PG_DEFAULT) + "_intake"
    _ensure_database(url)
    rounds, count = (3, 200) if scale == "small" else (4, 400)
    out = subprocess.run(
        [sys.executable, "-m", "bench.statistics", "--intake", url, str(rounds), str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    load = os.getloadavg()[0]
    context = (
        f"{rounds} × {count:,} file+receive per mode, one process, consumer polling every {POLL} s in another (paused for the turns without); "
        f"{result['dossiers']:,} dossiers in the database, rebuild differences after: {result['differences']}, "
        f"load avg {load:.1f} on {os.cpu_count()} cores"
    )
    cost = (1 - result["with"] / result["without"]) * 100
    return [
        Figure("statistics_intake_without_rollups", result["without"], "dossiers/s", context),
        Figure("statistics_intake_with_rollups", result["with"], "dossiers/s", context),
        Figure("statistics_intake_cost_of_rollups", cost, "%", context + "; target ≤ 10 %"),
        Figure(
            "statistics_rollup_time_per_intake_time",
            result["sequential"],
            "%",
            f"the consumer's time for {count:,} dossiers over the time to file and receive them, one after the other"
            f" in one process, median of {rounds}; {context}",
        ),
    ]


def run(scale: str) -> list[Figure]:
    url = os.environ.get("BENCH_PG_URL", PG_DEFAULT)
    _ensure_database(url)
    figures = _intake_figures(scale)
    vendor = django_setup(url)
    from motcua.agencies.models import Agency
    from motcua.statistics.selectors import agencies_under

    dossiers = DOSSIERS.get(scale, DOSSIERS["small"])
    started = time.perf_counter()
    rows, monthly, balances = _generate(dossiers, url)
    loaded = time.perf_counter() - started
    root = Agency.objects.get(code="000.00.00.H26")
    everything = agencies_under([root.pk])
    one = Agency.objects.filter(parent=root).order_by("code").first()
    assert one is not None
    load = os.getloadavg()[0]
    context = (
        f"{rows:,} daily, {monthly:,} monthly, {balances:,} balance rows = {dossiers:,} dossiers/year × 2 years, "
        f"{AGENCIES} agencies × {PROCEDURES} procedures, {vendor}, load avg {load:.1f} on {os.cpu_count()} cores"
    )
    figures.append(Figure("statistics_rollup_generate", rows / loaded, "daily rows/s", context))
    year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    for name, code, by, period in [
        ("year_city_by_field", root.code, "field", year),
        ("year_city_by_procedure", root.code, "procedure", year),
        ("year_agency_by_field", one.code, "field", year),
        ("15feb_15dec_city_by_field", root.code, "field", (dt.date(YEAR, 2, 15), dt.date(YEAR, 12, 15))),
    ]:
        times = _measure(everything, code, by, *period)
        figures.append(Figure(f"statistics_form06_{name}_p50", statistics.median(times), "ms", context))
        figures.append(Figure(f"statistics_form06_{name}_max", max(times), "ms", context + "; target ≤ 300 ms"))
    figures += _drill_figures(scale, url, everything, root.code)
    office = _libreoffice(everything, root.code)
    if office is not None:
        figures.append(office)
    return figures


if __name__ == "__main__":  # the intake measurement runs in its own process (its own database)
    if sys.argv[1:2] == ["--intake"]:
        print(json.dumps(_intake(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
