"""Generating, exporting and maintaining the population: the generator's output goes through the
same validation and writers as an import; the export writes the documented CSV header."""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.core.identifiers import personal_id_problem
from motcua.core.text import fold
from motcua.geo.constants import Level
from motcua.geo.models import Unit
from motcua.registry.constants import CSV_HEADER, DatePrecision, ResidenceKind
from motcua.registry.generator import PopulationGenerator, Row
from motcua.registry.models import Person, Residence
from motcua.registry.progress import Progress
from motcua.registry.rows import parse_row
from motcua.registry.services.imports import units_by_code
from motcua.registry.writers import write_batch

#: The demo citizen (user ``congdan``): kept out of the generated IDs and ensured by the demo loader.
DEMO_PERSONAL_ID = "001090012345"


def _units(structure: str | None) -> list[tuple[str, str]]:
    units = list(
        Unit.objects.filter(
            structure=structure or settings.MOTCUA_STRUCTURE,
            level=Level.COMMUNE,
            province_code=settings.MOTCUA_PROVINCE,
        )
        .order_by("code")
        .values_list("code", "kind")
    )
    if not units:
        raise DomainError(_("Load the administrative units first."), code="no_units", status=409)
    return units


def _generator(seed: int, structure: str | None) -> PopulationGenerator:
    return PopulationGenerator(seed=seed, units=_units(structure), reserved_ids=frozenset({DEMO_PERSONAL_ID}))


#: From this many people the CSV is generated as SHARDS parts in parallel processes. The number of parts
#: is fixed (not the number of processors), so a seed gives the same file on any machine.
PARALLEL_FROM = 500_000
SHARDS = 4


def _shard_sizes(count: int) -> list[int]:
    shards = SHARDS if count >= PARALLEL_FROM else 1
    return [count // shards + (1 if i < count % shards else 0) for i in range(shards)]


def _write_shard(job: tuple[int, int, list[tuple[str, str]], int, int, str]) -> int:
    """In a generating process: write one shard's rows (no header) to ``path``; return their number."""
    seed, shard, units, shards, count, path = job
    generator = PopulationGenerator(
        seed=seed, units=units, reserved_ids=frozenset({DEMO_PERSONAL_ID}), shard=shard, shards=shards
    )
    with open(path, "w", encoding="utf-8", newline="") as f:
        lines = generator.csv_lines(count)
        while block := list(islice(lines, 10_000)):
            f.write("".join(block))
    return count


def population_generate_csv(
    *, out: TextIO, count: int, seed: int, actor: str, structure: str | None = None, progress: Progress | None = None
) -> int:
    """Write ``count`` synthetic people as CSV to ``out``; return the number of rows. A large population
    is generated in parallel parts (temporary files next to nothing else), then copied to ``out`` in order."""
    out.write(",".join(CSV_HEADER) + "\n")
    sizes = _shard_sizes(count)
    if len(sizes) == 1:
        n = 0
        lines = _generator(seed, structure).csv_lines(count)
        while block := list(islice(lines, 10_000)):
            out.write("".join(block))
            n += len(block)
            if progress is not None:
                progress.update(n, n / count)
    else:
        units = _units(structure)
        workers = min(len(sizes), os.cpu_count() or 1)
        n = 0
        with tempfile.TemporaryDirectory(prefix="motcua-generate-") as tmp:
            jobs = [(seed, i, units, len(sizes), size, f"{tmp}/part-{i}.csv") for i, size in enumerate(sizes)]
            # fork: the generating processes never touch the database
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for job, done in zip(jobs, pool.imap(_write_shard, jobs), strict=True):
                    with open(job[5], encoding="utf-8", newline="") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
                    os.unlink(job[5])
                    n += done
                    if progress is not None:
                        progress.update(n, n / count)
    if progress is not None:
        progress.done(n)
    return n


def population_generate(
    *, count: int, seed: int, actor: str, structure: str | None = None, batch_size: int = 20_000,
    progress: Progress | None = None,
) -> int:  # fmt: skip
    """Generate ``count`` people straight into the register (one transaction per batch); return how many
    were new. The same seed gives the same people, so running it again adds nothing."""
    units = units_by_code(structure)
    today = timezone.localdate()
    written = done = 0
    rows: list[Row] = []

    def flush() -> int:
        records = [parse_row(list(r), units=units, today=today) for r in rows]
        with transaction.atomic():
            return write_batch(records, units)

    for row in _generator(seed, structure).rows(count):
        rows.append(row)
        if len(rows) >= batch_size:
            written += flush()
            done += len(rows)
            rows = []
            if progress is not None:
                progress.update(done, done / count)
    if rows:
        written += flush()
        done += len(rows)
    if progress is not None:
        progress.done(done)
    return written


def _export_rows(structure: str | None, page: int) -> Iterator[tuple[str, ...]]:
    codes = {pk: code for code, pk in units_by_code(structure).items()}
    last = ""
    while True:
        people = list(Person.objects.filter(personal_id__gt=last).order_by("personal_id")[:page])
        if not people:
            return
        residences: dict[tuple[str, str], Residence] = {}
        for res in (
            Residence.objects.open().filter(person_id__in=[p.personal_id for p in people]).order_by("valid_from")
        ):
            residences[(res.person_id, res.kind)] = res
        for p in people:
            perm = residences.get((p.personal_id, ResidenceKind.PERMANENT))
            cur = residences.get((p.personal_id, ResidenceKind.CURRENT))
            since = perm.valid_from if perm and perm.valid_from else None
            yield (
                p.personal_id, p.old_id, p.full_name, p.sex,
                str(p.birth_date.year) if p.birth_date_precision == DatePrecision.YEAR else p.birth_date.isoformat(),
                p.ethnicity, p.religion, p.nationality, p.native_place, p.birth_registration_place, p.marital_status,
                p.father_id or "", p.mother_id or "", p.spouse_id or "", p.household_id or "", p.relation_to_head,
                codes.get(perm.unit_id, "") if perm else "", perm.address if perm else "",
                codes.get(cur.unit_id, "") if cur else "", cur.address if cur else "",
                since.isoformat() if since else "", p.death_date.isoformat() if p.death_date else "",
            )  # fmt: skip
        last = people[-1].personal_id


def population_export(
    *, out: TextIO, actor: str, structure: str | None = None, page: int = 5_000, progress: Progress | None = None
) -> int:
    """Stream the whole register to ``out`` as CSV in personal-ID order (keyset pages: constant memory)."""
    total = Person.objects.count()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    n = 0
    for n, row in enumerate(_export_rows(structure, page), start=1):
        writer.writerow(row)
        if progress is not None and n % 10_000 == 0:
            progress.update(n, n / max(total, 1))
    if progress is not None:
        progress.done(n)
    return n


def registry_load_demo(*, count: int = 50_000, seed: int = 2026, actor: str = "demo") -> int:
    """Load the demo population (idempotent: same seed, same people) and the demo citizen; return how
    many people were added. A re-run returns at once when the seed's first person is there and the
    register holds at least ``count`` people."""
    first = next(_generator(seed, None).rows(1))[0]
    if Person.objects.filter(pk=first).exists() and Person.objects.count() > count:
        return 0
    added = population_generate(count=count, seed=seed, actor=actor)
    registry_ensure_person(
        actor=actor, personal_id=DEMO_PERSONAL_ID, full_name="Nguyễn Văn An", sex="M",
        birth_date=dt.date(1990, 5, 1), unit_code="00070", address="Số 1 phố Lê Thái Tổ",
    )  # fmt: skip
    return added


@transaction.atomic
def registry_ensure_person(
    *, actor: str, personal_id: str, full_name: str, sex: str, birth_date: dt.date, unit_code: str,
    address: str = "", structure: str | None = None,
) -> Person:  # fmt: skip
    """Create the person (with a permanent residence) unless the personal ID is already registered."""
    if problem := personal_id_problem(personal_id, birth_date=birth_date, female=sex == "F"):
        raise DomainError(
            _("The personal ID %(number)s is not valid: %(problem)s.") % {"number": personal_id, "problem": problem},
            code="invalid_personal_id",
            status=422,
        )
    person = Person.objects.filter(personal_id=personal_id).first()
    if person is not None:
        return person
    unit = Unit.objects.get(structure=structure or settings.MOTCUA_STRUCTURE, code=unit_code)
    person = Person.objects.create(
        personal_id=personal_id, full_name=full_name, name_folded=fold(full_name), sex=sex, birth_date=birth_date
    )
    Residence.objects.create(
        person=person, kind=ResidenceKind.PERMANENT, unit=unit, address=address, valid_from=birth_date
    )
    return person


@transaction.atomic
def person_move(
    *, actor: str, personal_id: str, kind: str, unit_code: str, address: str, on: dt.date, structure: str | None = None
) -> Residence:
    """Register a move: close the open residence of ``kind`` the day before ``on`` and open a new one."""
    unit = Unit.objects.get(structure=structure or settings.MOTCUA_STRUCTURE, code=unit_code)
    person = Person.objects.select_for_update().filter(personal_id=personal_id).first()
    if person is None:
        raise DomainError(_("No person has this personal ID."), code="person_not_found", status=404)
    Residence.objects.open().filter(person=person, kind=kind).update(valid_to=on)
    return Residence.objects.create(person=person, kind=kind, unit=unit, address=address, valid_from=on)
