"""Population register lookups through the service layer, each one writing its access-log entry.

``small``: 100,000 generated people in SQLite. ``full``: the 8,700,000-row PostgreSQL database left by
``registry_import`` at full scale (``BENCH_PG_URL``); it is built first when it holds fewer people.
"""

from __future__ import annotations

import os
import random
import statistics
import time

from bench.common import Figure, django_setup

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/motcua_bench_registry"
SIZES = {"small": 100_000, "full": 8_700_000}


def _pg_ready(url: str, n: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM registry_person").fetchone()
            return bool(row and row[0] >= n * 0.98)
    except psycopg.Error:
        return False


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(scale: str) -> list[Figure]:
    n = SIZES[scale]
    url = os.environ.get("BENCH_PG_URL", PG_DEFAULT) if scale == "full" else None
    if url and not _pg_ready(url, n):
        from bench import registry_import

        registry_import.run("full")  # sets Django up on that database
    else:
        django_setup(url)
    from django.db import connection

    from motcua.registry.accessors import Accessor, Purpose
    from motcua.registry.constants import Channel, FieldSet
    from motcua.registry.models import Person
    from motcua.registry.services.lookup import person_lookup, person_search

    if not url:
        from motcua.geo.services import units_load
        from motcua.registry.services.population import population_generate

        units_load(province="01")
        population_generate(count=n, seed=2026, actor="bench")
    vendor = connection.vendor
    total = Person.objects.count()
    rng = random.Random(7)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            percent = min(100.0, 30_000 * 100 / max(total, 1))
            cursor.execute(
                "SELECT personal_id, name_folded, birth_date FROM registry_person TABLESAMPLE SYSTEM (%s) LIMIT 20000",
                [percent],
            )
        else:
            cursor.execute(
                "SELECT personal_id, name_folded, birth_date FROM registry_person ORDER BY random() LIMIT 20000"
            )
        sample = cursor.fetchall()
    rng.shuffle(sample)
    accessor = Accessor(channel=Channel.API, label="bench", field_set=FieldSet.STANDARD)
    purpose = Purpose(text="Benchmark of the lookup path", dossier_ref="BENCH")
    context = f"{total:,} people, {vendor}, service layer with access logging"
    figures: list[Figure] = []

    k = 2000 if scale == "full" else 1000
    for pid, _, _ in sample[:50]:
        person_lookup(accessor=accessor, purpose=purpose, personal_ids=[pid])  # warm
    times = []
    for pid, _, _ in sample[50 : 50 + k]:
        started = time.perf_counter()
        person_lookup(accessor=accessor, purpose=purpose, personal_ids=[pid])
        times.append(time.perf_counter() - started)
    figures.append(
        Figure(
            "registry_lookup_id_p99",
            _p(times, 0.99),
            "ms",
            f"{k} lookups by ID, p50 {_p(times, 0.5):.2f} ms; {context}",
        )
    )
    figures.append(Figure("registry_lookup_id_rate", k / sum(times), "lookups/s", f"one at a time; {context}"))

    times = []
    for _, name, birth in sample[3000 : 3000 + k]:
        started = time.perf_counter()
        person_search(accessor=accessor, purpose=purpose, full_name=name, birth_date=birth)
        times.append(time.perf_counter() - started)
    figures.append(
        Figure(
            "registry_search_name_birth_p99",
            _p(times, 0.99),
            "ms",
            f"{k} searches, p50 {_p(times, 0.5):.2f} ms; {context}",
        )
    )

    bulk = []
    ids = [pid for pid, _, _ in sample]
    for i in range(20):
        chunk = ids[(i * 1000) % (len(ids) - 1000) :][:1000]
        started = time.perf_counter()
        result = person_lookup(accessor=accessor, purpose=purpose, personal_ids=chunk)
        bulk.append(time.perf_counter() - started)
        assert len(result.records) == len(chunk)
    figures.append(
        Figure(
            "registry_bulk_1000_ms",
            statistics.median(bulk) * 1000,
            "ms",
            f"median of 20 calls of 1,000 IDs, max {max(bulk) * 1000:.0f} ms; {context}",
        )
    )
    return figures
