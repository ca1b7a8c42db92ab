"""Bulk import of the register from CSV: streaming, validated, resumable, with a bad-row report."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import BinaryIO

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.geo.constants import Level
from motcua.geo.models import Unit
from motcua.registry.constants import CSV_HEADER
from motcua.registry.models import ImportProblem, ImportRun, Person
from motcua.registry.progress import Progress
from motcua.registry.rows import PersonRecord, RowError, parse_row
from motcua.registry.writers import (
    Household,
    copy_block,
    household_of,
    merge_household,
    person_line,
    pg_copy,
    residence_text,
    write_batch,
)

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


CHUNK = 2_000  # lines validated (and, on PostgreSQL, streamed to COPY) at a time
LOOKAHEAD = 2  # batches handed to the validating processes ahead of the one being written
Problem = tuple[int, str, str]  # (line, personal ID as given, reason)


def _split(chunk: list[tuple[int, bytes]]) -> list[tuple[int, list[str] | None, str]]:
    """(line number, fields or None, reason) per line. One csv.reader over the whole chunk when every
    line is well-formed; line by line otherwise, so an unclosed quote cannot swallow the next line."""
    try:
        texts = [raw.decode("utf-8") for _, raw in chunk]
        rows = list(csv.reader(texts, strict=True))
        if len(rows) == len(texts):
            return [(n, row, "") for (n, _), row in zip(chunk, rows, strict=True)]
    except (UnicodeDecodeError, csv.Error):
        pass
    out: list[tuple[int, list[str] | None, str]] = []
    for number, raw in chunk:
        try:
            out.append((number, next(csv.reader([raw.decode("utf-8")], strict=True), []), ""))
        except UnicodeDecodeError:
            out.append((number, None, "not UTF-8"))
        except csv.Error as exc:
            out.append((number, None, f"CSV syntax: {exc}"))
    return out


def validate_chunk(
    chunk: list[tuple[int, bytes]], units: dict[str, int], today: dt.date
) -> tuple[list[tuple[int, PersonRecord]], list[Problem]]:
    """Validate raw lines: the good ones as (line, record), the bad ones with their reason. Duplicates
    within the file are the caller's to find (it sees the whole batch)."""
    records: list[tuple[int, PersonRecord]] = []
    problems: list[Problem] = []
    for number, fields, reason in _split(chunk):
        if fields is None:
            problems.append((number, "", reason))
        elif fields and fields != [""]:  # else a blank line
            try:
                records.append((number, parse_row(fields, units=units, today=today)))
            except RowError as exc:
                problems.append((number, fields[0], str(exc)))
    return records, problems


class _Batch:
    """Keeps the first line of each personal ID in a batch; rejected rows become problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}

    def first(self, number: int, pid: str) -> bool:
        first = self.seen.setdefault(pid, number)
        if first != number:
            self.problems.append((number, pid, f"personal_id: duplicate of line {first}"))
        return first == number

    def records(self, chunk: list[tuple[int, bytes]], units: dict[str, int], today: dt.date) -> list[PersonRecord]:
        records, problems = validate_chunk(chunk, units, today)
        self.problems.extend(problems)
        return [r for number, r in records if self.first(number, r.personal_id)]

    def copy(
        self, lines: list[tuple[int, bytes]], parts: Iterable[Prepared], units: dict[str, int], today: dt.date
    ) -> int:
        """COPY the batch's prepared chunks (PostgreSQL); return how many people were written."""
        residences: list[str] = []
        households: dict[str, Household] = {}
        written = 0

        def people() -> Iterator[str]:
            nonlocal written
            for chunk, part in zip(_chunks(lines), parts, strict=True):
                if part.repeats or not self.seen.keys().isdisjoint(part.ids):
                    part = prepare(chunk, units, today, self)  # rare: a person twice in the batch
                self.seen.update(part.ids)
                self.problems.extend(part.problems)
                residences.append(part.residences)
                for household in part.households:
                    merge_household(households, household)
                written += len(part.ids)
                yield part.people

        pg_copy(people(), residences, households)
        return written


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated chunk as COPY text: what a validating process sends back (cheap to pass between
    processes: a few strings instead of a tuple per row)."""

    ids: dict[str, int]  # personal ID → line, of the rows in ``people``
    people: str
    residences: str
    households: list[Household]
    problems: list[Problem]
    repeats: bool  # a personal ID occurs twice in the chunk: the batch prepares it again, row by row


def prepare(
    chunk: list[tuple[int, bytes]], units: dict[str, int], today: dt.date, batch: _Batch | None = None
) -> Prepared:
    """Validate a chunk and turn its good rows into COPY text. With ``batch``, rows whose personal ID the
    batch has already seen are rejected as duplicates (in the importing process)."""
    if batch is None:
        records, problems = validate_chunk(chunk, units, today)
        ids = {r.personal_id: n for n, r in records}
        good = [r for _, r in records]
    else:
        before = len(batch.problems)
        good = batch.records(chunk, units, today)
        problems, ids = batch.problems[before:], {r.personal_id: batch.seen[r.personal_id] for r in good}
        del batch.problems[before:]
    households: dict[str, Household] = {}
    for r in good:
        if (household := household_of(r, units)) is not None:
            merge_household(households, household)
    return Prepared(
        ids=ids,
        people=copy_block([person_line(r) for r in good]),
        residences="".join([residence_text(r, units) for r in good]),
        households=list(households.values()),
        problems=problems,
        repeats=len(ids) != len(good),
    )


_worker_state: tuple[dict[str, int], dt.date] | None = None


def _worker_init(units: dict[str, int], today: dt.date) -> None:
    global _worker_state  # one value per validating process, set once when it starts
    _worker_state = (units, today)


def _worker_prepare(chunk: list[tuple[int, bytes]]) -> Prepared:
    assert _worker_state is not None
    return prepare(chunk, *_worker_state)


def _chunks(lines: list[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    for start in range(0, len(lines), CHUNK):
        yield lines[start : start + CHUNK]


Parts = Iterable[Prepared]


def _write(
    lines: list[tuple[int, bytes]], parts: Parts | None, units: dict[str, int], today: dt.date
) -> tuple[int, int, list[Problem]]:
    """Validate and write one batch inside the caller's transaction: (written, already present, problems).
    ``parts``: the batch already prepared by the validating processes (PostgreSQL)."""
    if connection.vendor == "postgresql":
        # The batch and its checkpoint commit together, so losing the last commits in a crash only
        # means resuming a little earlier: no need to wait for the WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        batch = _Batch()
        try:
            with transaction.atomic():
                prepared = parts if parts is not None else (prepare(c, units, today) for c in _chunks(lines))
                written = batch.copy(lines, prepared, units, today)
            return written, 0, batch.problems
        except (IntegrityError, psycopg.IntegrityError):
            pass  # someone in the batch is already registered: the slower path below
    batch = _Batch()
    records = [r for chunk in _chunks(lines) for r in batch.records(chunk, units, today)]
    written = write_batch(records, units, fast=False)
    return written, len(records) - written, batch.problems


def _commit(
    run: ImportRun, lines: list[tuple[int, bytes]], parts: Parts | None, *, line: int, offset: int,
    units: dict[str, int], today: dt.date, hook: Callable[[int], None] | None,
) -> tuple[int, int]:  # fmt: skip
    with transaction.atomic():
        written, present, problems = _write(lines, parts, units, today)
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
        if hook is not None:
            hook(line)  # tests: raise here to simulate a crash before the commit
    return written, present


def _batches(f: BinaryIO, line: int, offset: int, size: int) -> Iterator[tuple[list[tuple[int, bytes]], int, int]]:
    """(lines, last line number, byte offset after it) per batch of ``size`` lines."""
    pending: list[tuple[int, bytes]] = []
    for raw in f:
        line += 1
        offset += len(raw)
        pending.append((line, raw))
        if len(pending) >= size:
            yield pending, line, offset
            pending = []
    if pending:
        yield pending, line, offset


Ahead = tuple[list[tuple[int, bytes]], int, int, Parts | None]  # lines, last line, offset, prepared parts


def _submit(
    batches: Iterator[tuple[list[tuple[int, bytes]], int, int]], pool: Pool | None, ahead: deque[Ahead]
) -> None:
    """Read the next batch and hand its chunks to the validating processes, if any. At most LOOKAHEAD
    batches wait, so memory stays constant whatever the file size."""
    if (batch := next(batches, None)) is None:
        return
    lines, end, offset = batch
    if pool is None:
        ahead.append((lines, end, offset, None))
        return
    jobs = [pool.apply_async(_worker_prepare, (chunk,)) for chunk in _chunks(lines)]
    ahead.append((lines, end, offset, (job.get() for job in jobs)))


def import_workers() -> int:
    """Validating processes for an import into PostgreSQL (0: validate in the importing process)."""
    if connection.vendor != "postgresql":
        return 0
    wanted = int(settings.REGISTRY_IMPORT_WORKERS)
    return wanted if wanted >= 0 else max(1, os.cpu_count() or 1)


INDEX_BUILD_MEMORY = "512MB"  # per index build, in the PostgreSQL server
_BULK_TABLES = ("registry_person", "registry_residence", "registry_household")


def _defer_indexes(run: ImportRun) -> None:
    """Initial load into an empty register on PostgreSQL: drop the secondary indexes now and build them
    once at the end (sorting once is much faster than 8.7 million random index insertions). The primary
    key stays, so duplicates are still caught."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY(%s) AND NOT x.indisprimary",
            [list(_BULK_TABLES)],
        )
        found = cursor.fetchall()
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=[definition for _, definition in found])
            for name, _ in found:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    run.refresh_from_db()


def _restore_indexes(run: ImportRun) -> None:
    if not run.deferred_indexes:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Sorting millions of keys in memory rather than in temporary files: about twice as fast.
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [INDEX_BUILD_MEMORY])
        for definition in run.deferred_indexes:
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        for table in _BULK_TABLES:
            cursor.execute(f"ANALYZE {table}")
    ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=[])


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
    On PostgreSQL, :func:`import_workers` processes validate the next batches while this one writes.
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
    units = units_by_code(structure)
    day = today or timezone.localdate()
    written = present = 0
    workers = import_workers()
    # fork: the validating processes inherit the code lists; they never touch the database.
    pool = multiprocessing.get_context("fork").Pool(workers, _worker_init, (units, day)) if workers else None
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
                _submit(batches, pool, ahead)
            while ahead:
                lines, line, offset, parts = ahead.popleft()
                _submit(batches, pool, ahead)
                w, p = _commit(run, lines, parts, line=line, offset=offset, units=units, today=day, hook=after_batch)
                written, present = written + w, present + p
                if progress is not None:
                    progress.update(written + present, offset / size if size else 1.0)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
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
