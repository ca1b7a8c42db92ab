"""Population register: generate a synthetic population as CSV and import it (PostgreSQL COPY at full scale).

``small``: 100,000 rows with 1 % malformed into SQLite (and the report is checked to be exact).
``full``: 8,700,000 rows into PostgreSQL (``BENCH_PG_URL``, default
postgres://postgres@127.0.0.1:5432/motcua_bench_registry; the database is dropped and created afresh).
Set ``BENCH_REGISTRY_SQLITE=1`` to also time the full import into SQLite.
"""

from __future__ import annotations

import csv
import os
import resource
import tempfile
import time
from pathlib import Path

from bench.common import Figure, django_setup

SIZES = {"small": 100_000, "full": 8_700_000}
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/motcua_bench_registry"


def fresh_pg_database(url: str) -> str:
    """Drop and create the database named in ``url``; return the url."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def peak_mb() -> float:
    """The largest resident set of this process and of its children (the validating processes)."""
    own, children = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return max(own, children) / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the validating processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def corrupt_every(path: Path, every: int) -> dict[int, str]:
    """Rewrite ``path`` with every ``every``-th data row's sex set to X; return line → expected reason."""
    expected: dict[int, str] = {}
    tmp = path.with_suffix(".tmp")
    with path.open(encoding="utf-8", newline="") as src, tmp.open("w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
        writer.writerow(next(reader))
        for i, row in enumerate(reader):
            if i % every == every // 2:
                row[3] = "X"
                expected[i + 2] = "sex: must be M or F"
            writer.writerow(row)
    tmp.replace(path)
    return expected


def run(scale: str) -> list[Figure]:
    n = SIZES[scale]
    url = fresh_pg_database(os.environ.get("BENCH_PG_URL", PG_DEFAULT)) if scale == "full" else None
    vendor = django_setup(url)
    from motcua.geo.services import units_load
    from motcua.registry.models import Person
    from motcua.registry.progress import Progress
    from motcua.registry.services.imports import population_import
    from motcua.registry.services.population import population_generate_csv

    units_load(province="01")
    workdir = Path(tempfile.mkdtemp(prefix="motcua-bench-registry-"))
    path = workdir / "people.csv"
    started = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as out:
        population_generate_csv(out=out, count=n, seed=2026, actor="bench")
    generated = time.perf_counter() - started
    expected = corrupt_every(path, 100) if scale == "small" else {}
    size_mb = path.stat().st_size / 1e6
    cpu_before, started = _cpu(), time.perf_counter()
    result = population_import(path=path, actor="bench", progress=Progress("import") if scale == "full" else None)
    imported = time.perf_counter() - started
    import_cpu = _cpu() - cpu_before
    count = Person.objects.count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    context = f"{n:,} rows, {size_mb:,.0f} MB CSV, {vendor}; load average {load}"
    figures = [
        Figure("registry_generate_csv", n / generated, "rows/s", f"{context}; {generated:.1f} s"),
        Figure(
            "registry_import", n / imported, "rows/s", f"{context}; {imported:.1f} s; {count:,} people in the register"
        ),
        Figure("registry_import_seconds", imported, "s", context),
        Figure("registry_import_python_cpu_seconds", import_cpu, "s", f"importing and validating processes, {context}"),
        Figure("registry_generate_plus_import_seconds", generated + imported, "s", context),
        Figure("registry_peak_memory", peak_mb(), "MB", f"max RSS of the process, {context}"),
    ]
    if expected:
        with result.report.open(encoding="utf-8") as f:
            report = {int(r["line"]): r["reason"] for r in csv.DictReader(f)}
        exact = report == expected and count == n - len(expected)
        figures.append(
            Figure(
                "registry_import_report_exact",
                1.0 if exact else 0.0,
                "bool",
                f"{len(expected):,} bad rows (1 %), {context}",
            )
        )
    if scale == "full" and os.environ.get("BENCH_REGISTRY_SQLITE"):
        figures.append(_sqlite_full(path))
    path.unlink()
    return figures


def _sqlite_full(path: Path) -> Figure:
    """Time the same file into a fresh SQLite database, in a child process (Django is set up once here)."""
    import subprocess
    import sys

    code = (
        "import time, sys; from pathlib import Path; from bench.common import django_setup; django_setup();"
        "from motcua.geo.services import units_load; units_load(province='01');"
        "from motcua.registry.services.imports import population_import; t=time.perf_counter();"
        f"population_import(path=Path({str(path)!r}), actor='bench'); print(time.perf_counter()-t)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MOTCUA_VAR_DIR")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    seconds = float(out.stdout.strip().splitlines()[-1])
    return Figure(
        "registry_import_sqlite_seconds", seconds, "s", f"{path.stat().st_size / 1e6:,.0f} MB CSV into SQLite"
    )
