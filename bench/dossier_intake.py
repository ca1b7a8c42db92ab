"""Dossier intake: file + receive at the counter through the service layer (code, clock, audit), PostgreSQL.

``BENCH_PG_URL`` (default postgres://postgres@127.0.0.1:5432/motcua_bench_dossiers; created if missing).
Dossiers are spread over Hà Nội's 126 commune desks with the demo catalogue's procedures; one figure
for a single process, one for as many worker processes as there are cores.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import Any
from urllib.parse import urlparse

from bench.common import Figure, django_setup

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_dossiers"


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare() -> list[tuple[int, str, list[str]]]:
    """Reference data (units, agencies, demo catalogue); the (desk, procedure, components) to file."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import Procedure
    from motcua.catalog.services.demo import catalog_load_demo
    from motcua.demo import agencies as demo
    from motcua.geo.models import Unit
    from motcua.geo.services import units_load

    if not Agency.objects.filter(kind="one_stop_desk", level="commune").exists():
        units_load(province="01")
        province = Unit.objects.get(structure="2025", code="01")
        demo.load_2025(province, demo.load_city(province))
    if not Procedure.objects.exists():
        catalog_load_demo()
    from motcua.dossiers.exceptions import InvalidDossier
    from motcua.dossiers.services.engine import definition_of, step_agency

    desks = list(
        Agency.objects.filter(kind="one_stop_desk", level="commune", unit__structure="2025").values_list(
            "id", flat=True
        )
    )
    procedures: list[tuple[str, list[str]]] = []
    for procedure in Procedure.objects.filter(published=True, levels__contains=" commune ", is_group=False):
        version = procedure.versions.filter(status="published").first()
        if version is None:
            continue
        definition = definition_of(version.pk)
        if not definition.processes or definition.processes[0].steps[0].agency is None:
            continue
        if definition.processes[0].steps[0].agency.kind != "one_stop_desk":
            continue
        try:
            for step in definition.processes[0].steps:
                step_agency(step.agency, desks[0])
        except InvalidDossier:
            continue
        names = [c.name for case in definition.cases[:1] for c in case.components if c.required]
        procedures.append((procedure.code, names))
    return [(desk, *procedures[i % len(procedures)]) for i, desk in enumerate(desks)]


def _work(plan: list[tuple[int, str, list[str]]], start: int, count: int) -> int:
    from django.db import connections

    from motcua.dossiers.actors import Actor
    from motcua.dossiers.services import ComponentIn, PartyIn, dossier_submit

    connections.close_all()
    roles = frozenset((desk, "one_stop_officer") for desk, _p, _c in plan)
    actor = Actor(kind="client", name="bench", client_id=None, roles=roles)
    person = PartyIn(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678", address="Hà Nội")
    done = 0
    for i in range(start, start + count):
        desk, code, names = plan[i % len(plan)]
        components = [ComponentIn(name=n) for n in names] or [ComponentIn(name="Tờ khai")]
        dossier_submit(
            actor=actor,
            agency_id=desk,
            procedure_code=code,
            channel="in_person",
            submitter=person,
            components=components,
            receive=True,
        )
        done += 1
    connections.close_all()
    return done


def _parallel(args: tuple[list[tuple[int, str, list[str]]], int, int]) -> int:
    return _work(*args)


def run(scale: str) -> list[Figure]:
    url = os.environ.get("BENCH_PG_URL", DEFAULT_URL)
    _ensure_database(url)
    vendor = django_setup(url)
    from django.db import connections

    from motcua.dossiers.models import Dossier

    plan = _prepare()
    total = 5_000 if scale == "small" else 100_000
    before = Dossier.objects.count()
    single = max(total // 10, 500)
    started = time.perf_counter()
    _work(plan, 0, single)
    one = single / (time.perf_counter() - started)
    workers = 2 * (os.cpu_count() or 1)  # more than the cores: each spends much of its time waiting on the database
    share = total // workers
    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = sum(pool.map(_parallel, [(plan, single + w * share, share) for w in range(workers)]))
    many = done / (time.perf_counter() - started)
    after = Dossier.objects.count()
    load = os.getloadavg()[0]
    context = f"{len(plan)} commune desks, demo procedures, {before:,} dossiers before, {after:,} after, {vendor}, load avg {load:.1f} on {os.cpu_count()} cores"
    return [
        Figure("dossier_intake_1proc", one, "dossiers/s", f"{single:,} file+receive in one process; {context}"),
        Figure("dossier_intake", many, "dossiers/s", f"{done:,} file+receive in {workers} processes; {context}"),
    ]


def _main(argv: Any = None) -> None:  # pragma: no cover
    for figure in run("small"):
        print(figure.line())


if __name__ == "__main__":  # pragma: no cover
    _main()
