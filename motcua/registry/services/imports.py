"""Bulk import of the register from CSV: streaming, validated, resumable, with a bad-row report."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.geo.constants import Level
from motcua.geo.models import Unit
from motcua.registry.blocks import Line, Prepared, Problem, Tables, line_fields, split_lines
from motcua.registry.blocks import tables as prepare_tables
from motcua.registry.constants import CSV_HEADER
from motcua.registry.frames import prepare_frame
from motcua.registry.models import ImportProblem, ImportRun, Person
from motcua.registry.progress import Progress
from motcua.registry.rows import PersonRecord, RowError, parse_row
from motcua.registry.seen import Ids, SeenIds, as_ids, from_strings, has_repeat
from motcua.registry.sidewriter import SideWriter, drop_orphan_residences
from motcua.registry.writers import PERSON_COPY, Household, merge_household, pg_copy, write_batch

BATCH_SIZE = 20_000


@dataclass(frozen=True)
class ImportResult:
    run_id: int
    written: int
    present: int
    bad: int
    lines: int
    resumed: bool
    already_done: bool
    report: Path


def units_by_code(structure: str | None = None) -> dict[str, int]:
    """Commune-level unit code → primary key, in the deployment's structure."""
    units = Unit.objects.filter(structure=structure or settings.MOTCUA_STRUCTURE, level=Level.COMMUNE)
    return dict(units.values_list("code", "pk"))


def _fingerprint(path: Path) -> tuple[str, int]:
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as f:
        digest.update(f.read(1 << 16))
        f.seek(max(0, size - (1 << 16)))
        digest.update(f.read())
    return digest.hexdigest(), size


CHUNK = 20_000  # lines validated (and, on PostgreSQL, streamed to COPY) at a time
LOOKAHEAD = 2  # batches handed to the validating threads ahead of the one being written
Lines = list[bytes]  # raw lines of the file, each with its newline


def validate_chunk(
    chunk: list[Line], units: dict[str, int], today: dt.date
) -> tuple[list[tuple[int, PersonRecord]], list[Problem]]:
    """Validate raw lines one by one into records: the good ones as (line, record), the bad ones with
    their reason. Duplicates within the file are the caller's to find (it sees the whole batch)."""
    records: list[tuple[int, PersonRecord]] = []
    problems: list[Problem] = []
    for number, fields, reason in line_fields(chunk):
        if fields is None:
            problems.append((number, "", reason))
        elif fields and fields != [""]:  # else a blank line
            try:
                records.append((number, parse_row(fields, units=units, today=today)))
            except RowError as exc:
                problems.append((number, fields[0], str(exc)))
    return records, problems


class RepeatedPerson(Exception):
    """A person twice in the batch, or already written by an earlier batch of an initial load (whose
    person table has no primary key yet to refuse them): the batch is redone slowly."""


class _Batch:
    """Keeps the first line of each personal ID in a batch; rejected rows become problems. With
    ``loaded`` (an initial load), the IDs of the earlier batches: a prepared chunk repeating one of them,
    or an ID of this batch, raises :class:`RepeatedPerson`."""

    def __init__(self, loaded: SeenIds | None = None) -> None:
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}
        self.loaded = loaded
        self.ids: list[Ids] = []  # this batch's, while COPY streams it (initial load only)

    def check(self, part: Prepared) -> None:
        if self.loaded is None:
            return  # the primary key refuses repeats
        ids = as_ids(part.ids)
        if has_repeat(np.concatenate([*self.ids, ids])) or self.loaded.any_of(ids):
            raise RepeatedPerson
        self.ids.append(ids)

    def first(self, number: int, pid: str) -> bool:
        first = self.seen.setdefault(pid, number)
        if first != number:
            self.problems.append((number, pid, f"personal_id: duplicate of line {first}"))
        return first == number

    def records(self, chunk: list[Line], units: dict[str, int], today: dt.date) -> list[PersonRecord]:
        records, problems = validate_chunk(chunk, units, today)
        self.problems.extend(problems)
        return [r for number, r in records if self.first(number, r.personal_id)]

    def copy(self, parts: Iterable[Prepared], side: SideWriter | None) -> int:
        """COPY the batch's prepared chunks (PostgreSQL); return how many people were written. A person
        twice in the batch (or already registered) makes COPY fail: the caller redoes the batch slowly.
        With ``side``, residences and households go there, written at the same time as the people."""
        if side is not None:
            return self._copy_beside(parts, side)
        residences: list[str] = []
        households: dict[str, Household] = {}
        written = 0

        def people() -> Iterator[str]:
            nonlocal written
            for part in parts:
                self.check(part)
                self.problems.extend(part.problems)
                residences.append(part.residences)
                for household in part.households:
                    merge_household(households, household)
                written += part.written
                yield part.people

        pg_copy(people(), residences, households)
        return written

    def _copy_beside(self, parts: Iterable[Prepared], side: SideWriter) -> int:
        households: dict[str, Household] = {}
        written = 0
        side.start()
        try:
            with connection.cursor() as cursor, cursor.cursor.copy(PERSON_COPY) as copy:
                for part in parts:
                    self.check(part)
                    side.feed(part.residences)
                    self.problems.extend(part.problems)
                    for household in part.households:
                        merge_household(households, household)
                    written += part.written
                    if part.people:
                        copy.write(part.people)
                side.end(households)  # the other connections finish while PostgreSQL completes this COPY
            side.wait()
        except BaseException:
            side.abort()
            raise
        return written


def _jobs(lines: Lines, first: int) -> Iterator[tuple[bytes, int]]:
    """The batch as chunks of raw text, each with the number of its first line."""
    for start in range(0, len(lines), CHUNK):
        yield b"".join(lines[start : start + CHUNK]), first + start


def _chunks(lines: Lines, first: int) -> Iterator[list[Line]]:
    for data, number in _jobs(lines, first):
        yield split_lines(data, number)


Parts = Iterable[Prepared]


def _write(
    lines: Lines, first: int, parts: Parts | None, tables: Tables, side: SideWriter | None, loaded: SeenIds | None
) -> tuple[int, int, list[Problem], Ids | None]:
    """Validate and write one batch inside the caller's transaction: (written, already present, problems,
    the IDs written when ``loaded`` is given). ``parts``: the batch already prepared by the validating
    processes (PostgreSQL). ``loaded``: an initial load's IDs so far (the person table has no key yet)."""
    units, today = tables.units, tables.today
    if connection.vendor == "postgresql":
        # The batch and its checkpoint commit together, so losing the last commits in a crash only
        # means resuming a little earlier: no need to wait for the WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        batch = _Batch(loaded)
        try:
            with transaction.atomic():
                prepared = parts if parts is not None else (prepare_frame(*job, tables) for job in _jobs(lines, first))
                written = batch.copy(prepared, side)
            return written, 0, batch.problems, np.concatenate([from_strings([]), *batch.ids])
        except (IntegrityError, psycopg.IntegrityError, RepeatedPerson):
            pass  # someone in the batch is already registered, or twice in it: the slower path below
    batch = _Batch()
    records = [r for chunk in _chunks(lines, first) for r in batch.records(chunk, units, today)]
    if loaded is None:
        written = write_batch(records, units, fast=False)
        return written, len(records) - written, batch.problems, None
    known = loaded.contains(from_strings(r.personal_id for r in records))
    fresh = [r for r, present in zip(records, known, strict=True) if not present]
    written = write_batch(fresh, units)  # none of them is in the register: COPY
    return written, len(records) - written, batch.problems, from_strings(r.personal_id for r in fresh)


def _commit(
    run: ImportRun, lines: Lines, parts: Parts | None, *, line: int, offset: int, tables: Tables,
    hook: Callable[[int], None] | None, side: SideWriter | None, loaded: SeenIds | None,
) -> tuple[int, int]:  # fmt: skip
    try:
        return _commit_batch(
            run, lines, parts, line=line, offset=offset, tables=tables, hook=hook, side=side, loaded=loaded
        )
    except BaseException:
        if side is not None:
            side.abort()
        raise


def _commit_batch(
    run: ImportRun, lines: Lines, parts: Parts | None, *, line: int, offset: int, tables: Tables,
    hook: Callable[[int], None] | None, side: SideWriter | None, loaded: SeenIds | None,
) -> tuple[int, int]:  # fmt: skip
    with transaction.atomic():
        written, present, problems, ids = _write(lines, line - len(lines) + 1, parts, tables, side, loaded)
        ImportProblem.objects.bulk_create(
            ImportProblem(run_id=run.pk, line=number, personal_id=pid[:40], reason=reason[:300])
            for number, pid, reason in problems
        )
        ImportRun.objects.filter(pk=run.pk).update(
            line=line,
            offset=offset,
            rows_written=F("rows_written") + written,
            rows_present=F("rows_present") + present,
            rows_bad=F("rows_bad") + len(problems),
        )
        if side is not None:
            side.commit()  # first: a crash before the main commit leaves orphans, removed on resume
        if hook is not None:
            hook(line)  # tests: raise here to simulate a crash before the (main) commit
    if loaded is not None and ids is not None:
        loaded.add(ids)  # committed: later batches must not repeat them
    return written, present


def _batches(f: BinaryIO, line: int, offset: int, size: int) -> Iterator[tuple[Lines, int, int]]:
    """(raw lines, last line number, byte offset after it) per batch of ``size`` lines."""
    while lines := list(islice(f, size)):
        line += len(lines)
        offset += sum(map(len, lines))
        yield lines, line, offset


Ahead = tuple[Lines, int, int, Parts | None]  # lines, last line, offset, prepared parts


def _submit(
    batches: Iterator[tuple[Lines, int, int]], pool: ThreadPoolExecutor | None, tables: Tables, ahead: deque[Ahead]
) -> None:
    """Read the next batch and hand its chunks to the validating threads, if any. At most LOOKAHEAD
    batches wait, so memory stays constant whatever the file size."""
    if (batch := next(batches, None)) is None:
        return
    lines, end, offset = batch
    if pool is None:
        ahead.append((lines, end, offset, None))
        return
    jobs: list[Future[Prepared]] = [
        pool.submit(prepare_frame, *job, tables) for job in _jobs(lines, end - len(lines) + 1)
    ]
    ahead.append((lines, end, offset, (job.result() for job in jobs)))


def import_workers() -> int:
    """Validating threads for an import into PostgreSQL (0: validate in the importing thread). Polars
    does the work without holding the GIL, so threads suffice and nothing is copied between processes."""
    if connection.vendor != "postgresql":
        return 0
    wanted = int(settings.REGISTRY_IMPORT_WORKERS)
    return wanted if wanted >= 0 else max(1, os.cpu_count() or 1)


INDEX_BUILD_MEMORY = "1GB"  # per connection building indexes, in the PostgreSQL server
_BULK_TABLES = ("registry_person", "registry_residence", "registry_household")


#: The person table's primary key, dropped too during an initial load: maintaining it row by row costs
#: about three times the COPY itself (random keys), building it at the end a few seconds. Repeats are then
#: found by :class:`~motcua.registry.seen.SeenIds`, and the build fails loudly on one that got in otherwise.
_PERSON_KEY = "registry_person_pkey"
_ADD_PERSON_KEY = f"ALTER TABLE public.registry_person ADD CONSTRAINT {_PERSON_KEY} PRIMARY KEY (personal_id)"


def _defer_indexes(run: ImportRun) -> None:
    """Initial load into an empty register on PostgreSQL: drop the secondary indexes and the person
    table's primary key now and build them once at the end (sorting once is much faster than 8.7 million
    random index insertions)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY(%s) AND NOT x.indisprimary",
            [list(_BULK_TABLES)],
        )
        found = cursor.fetchall()
        with transaction.atomic():
            definitions = [_ADD_PERSON_KEY, *(definition for _, definition in found)]
            ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=definitions)
            cursor.execute(f"ALTER TABLE registry_person DROP CONSTRAINT IF EXISTS {_PERSON_KEY}")
            for name, _ in found:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    run.refresh_from_db()


def _key_deferred(run: ImportRun) -> bool:
    return _ADD_PERSON_KEY in run.deferred_indexes


#: PostgreSQL: write with a second connection beside the main one (residences and households while the
#: main one COPYs the people; index builds two at a time). Never inside an outer transaction (tests), whose
#: uncommitted tables another connection could not see.
TWO_CONNECTIONS = True


def _two_connections() -> bool:
    return connection.vendor == "postgresql" and TWO_CONNECTIONS and not connection.in_atomic_block


def _build_indexes(cursor: Any, definitions: list[str]) -> None:
    # Sorting millions of keys in memory rather than in temporary files: about twice as fast.
    cursor.execute("SELECT set_config('maintenance_work_mem', %s, false)", [INDEX_BUILD_MEMORY])
    for definition in definitions:
        if definition == _ADD_PERSON_KEY:
            cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [_PERSON_KEY])
            if cursor.fetchone() is None:
                _add_person_key(cursor)
        else:
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))


def _add_person_key(cursor: Any) -> None:
    try:
        cursor.execute(_ADD_PERSON_KEY)
    except (IntegrityError, psycopg.IntegrityError) as exc:
        raise DomainError(
            _(
                "A personal ID is in the register twice, written by someone else during the initial load: "
                "remove the repeat and run the import again to finish it."
            ),
            code="duplicate_during_load",
            status=409,
        ) from exc


def _restore_indexes(run: ImportRun) -> None:
    if not run.deferred_indexes:
        return
    if _two_connections():
        # the people's indexes here, the others on a second connection at the same time (each build is
        # its own transaction: a crash keeps the ones built, and the resumed import builds the rest)
        mine = [d for d in run.deferred_indexes if " ON public.registry_person " in d or d == _ADD_PERSON_KEY]
        others = [d for d in run.deferred_indexes if d not in mine]
        with ThreadPoolExecutor(1) as pool:
            done = pool.submit(_build_elsewhere, others)
            with connection.cursor() as cursor:
                _build_indexes(cursor, mine)
            done.result()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            _build_indexes(cursor, run.deferred_indexes)
    with connection.cursor() as cursor:
        for table in _BULK_TABLES:
            cursor.execute(f"ANALYZE {table}")
    ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=[])


def _build_elsewhere(definitions: list[str]) -> None:
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as conn, conn.cursor() as cursor:
        _build_indexes(cursor, definitions)


def population_import(
    *,
    path: Path,
    actor: str,
    batch_size: int = BATCH_SIZE,
    structure: str | None = None,
    report_path: Path | None = None,
    restart: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    after_batch: Callable[[int], None] | None = None,
    bulk: bool = True,
) -> ImportResult:
    """Import ``path`` (CSV with :data:`CSV_HEADER`). Resumes an interrupted run of the same file.

    Each batch is one transaction together with the run's checkpoint and its rejected rows; people
    already in the register are skipped, so re-running adds nothing. ``actor`` names who ran it.
    Into an empty register on PostgreSQL (and ``bulk``), the secondary indexes are built at the end.
    On PostgreSQL, :func:`import_workers` threads validate the next batches while this one writes.
    """
    fingerprint, size = _fingerprint(path)
    run = None if restart else ImportRun.objects.filter(fingerprint=fingerprint).order_by("-pk").first()
    if run is not None and run.status == ImportRun.Status.DONE:
        return ImportResult(run.pk, 0, 0, run.rows_bad, run.line, False, True, _report(run, report_path, path))
    resumed = run is not None
    if run is None:
        run = ImportRun.objects.create(source=f"{path.name} ({actor})"[:500], fingerprint=fingerprint, size=size)
        if connection.vendor == "postgresql" and bulk and not Person.objects.exists():
            _defer_indexes(run)
    tables = prepare_tables(units_by_code(structure), today or timezone.localdate())
    written = present = 0
    workers = import_workers()
    pool = ThreadPoolExecutor(workers, thread_name_prefix="registry-validate") if workers else None
    if resumed and connection.vendor == "postgresql":
        drop_orphan_residences()
    side = SideWriter() if _two_connections() else None
    loaded = (SeenIds.from_register() if resumed else SeenIds()) if _key_deferred(run) else None
    try:
        with path.open("rb") as f:
            header = f.readline().decode("utf-8-sig").strip()
            if tuple(header.split(",")) != CSV_HEADER:
                raise DomainError(_("The first line must be the documented header."), code="bad_header", status=422)
            if run.offset:
                f.seek(run.offset)
            line = run.line
            batches = _batches(f, line, run.offset or f.tell(), batch_size)
            ahead: deque[Ahead] = deque()
            for _batch in range(LOOKAHEAD if pool else 1):
                _submit(batches, pool, tables, ahead)
            while ahead:
                lines, line, offset, parts = ahead.popleft()
                _submit(batches, pool, tables, ahead)
                w, p = _commit(
                    run, lines, parts, line=line, offset=offset, tables=tables, hook=after_batch, side=side,
                    loaded=loaded,
                )  # fmt: skip
                written, present = written + w, present + p
                if progress is not None:
                    progress.update(written + present, offset / size if size else 1.0)
    finally:
        if side is not None:
            side.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _restore_indexes(run)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    if progress is not None:
        progress.done(written + present)
    return ImportResult(run.pk, written, present, run.rows_bad, line, resumed, False, _report(run, report_path, path))


def _report(run: ImportRun, report_path: Path | None, source: Path) -> Path:
    """Write the run's rejected rows (line, personal_id, reason) as CSV; return its path."""
    target = report_path or source.with_name(source.name + ".rejected.csv")
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["line", "personal_id", "reason"])
        for problem in ImportProblem.objects.filter(run=run).order_by("line").iterator(chunk_size=5000):
            writer.writerow([problem.line, problem.personal_id, problem.reason])
    return target
