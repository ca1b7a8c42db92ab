"""Catalogue search at the service layer over 2,000 generated procedures: p50 and p99 latency.

SQLite runs in this process; PostgreSQL runs in a child process (Django is set up once per process) on
``BENCH_PG_URL`` (default postgres://postgres@127.0.0.1:5432/motcua_bench_catalog), created if missing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from bench.common import Figure, django_setup

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/motcua_bench_catalog"
PROCEDURES = 2000
QUERIES = [
    "dang ky khai sinh",
    "khai sinh dang ky",
    "chung thuc ban sao",
    "giấy phép xây dựng",
    "dat dai",
    "1.001193",
    "thuong tru",
    "ho kinh doanh",
    "cap lai",
    "doanh nghiep",
]
QUALIFIERS = [
    "",
    "đối với cá nhân",
    "đối với tổ chức",
    "có yếu tố nước ngoài",
    "tại cấp xã",
    "cấp lại",
    "điều chỉnh",
    "gia hạn",
]


def _generate(count: int) -> None:
    """``count`` procedures made from the demo catalogue's facts, with varied names and codes."""
    from motcua.catalog.definition import ProcedureDefinition
    from motcua.catalog.models import Procedure, ProcedureVersion
    from motcua.catalog.services.demo import demo_definition, demo_facts
    from motcua.catalog.services.versions import procedure_columns

    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    templates = [demo_definition(f) for f in demo_facts()]
    procedures, documents = [], []
    for i in range(count):
        template = templates[i % len(templates)]
        qualifier = QUALIFIERS[(i // len(templates)) % len(QUALIFIERS)]
        code = template["code"] if i < len(templates) else f"3.{900000 + i:06d}"
        name = f"{template['name']} {qualifier}".strip() if i >= len(templates) else template["name"]
        definition = ProcedureDefinition.model_validate(template | {"code": code, "name": name})
        procedures.append(Procedure(code=code, published=True, **procedure_columns(definition)))
        documents.append(definition.model_dump(mode="json"))
    Procedure.objects.bulk_create(procedures, batch_size=500)
    ids = dict(Procedure.objects.values_list("code", "id"))
    ProcedureVersion.objects.bulk_create(
        [ProcedureVersion(procedure_id=ids[d["code"]], number=1, status="published", definition=d) for d in documents],
        batch_size=200,
    )


def _measure(rounds: int) -> dict[str, float]:
    from motcua.catalog.selectors import procedure_search

    for q in QUERIES:
        procedure_search(q=q)  # warm
    samples = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            page = procedure_search(q=q, limit=20)
            _ = [p.code for p in page.items]
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p99": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
        "n": float(len(samples)),
    }


def _figures(result: dict[str, float], vendor: str) -> list[Figure]:
    context = (
        f"{PROCEDURES:,} procedures, {int(result['n'])} searches of {len(QUERIES)} queries, service layer, {vendor}"
    )
    return [
        Figure(f"catalog_search_p50_{vendor}", result["p50"], "ms", context),
        Figure(f"catalog_search_p99_{vendor}", result["p99"], "ms", context + "; target ≤ 20 ms"),
    ]


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def child(url: str, rounds: int) -> None:
    """Entry point of the PostgreSQL child process: prints the result as JSON."""
    _ensure_database(url)
    django_setup(url)
    _generate(PROCEDURES)
    print(json.dumps(_measure(rounds)))


def run(scale: str) -> list[Figure]:
    rounds = 30 if scale == "small" else 200
    vendor = django_setup()
    _generate(PROCEDURES)
    figures = _figures(_measure(rounds), vendor)
    url = os.environ.get("BENCH_PG_URL", PG_DEFAULT)
    code = f"from bench.catalog_search import child; child({url!r}, {rounds})"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MOTCUA_VAR_DIR"}}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False, timeout=600
    )
    if done.returncode == 0:
        figures += _figures(json.loads(done.stdout.strip().splitlines()[-1]), "postgresql")
    else:
        print(f"bench: catalog_search on PostgreSQL skipped ({done.stderr.strip().splitlines()[-1:]})", file=sys.stderr)
    return figures
