"""Bulk import of the register from CSV: streaming, validated, resumable, with a bad-row report."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
from motcua.registry.writers import pg_stream_batch, write_batch

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


CHUNK = 2_000  # lines parsed (and, on PostgreSQL, streamed to COPY) at a time


class _Parser:
    """Validates lines into records; remembers the rejected ones and the IDs seen in this batch."""

    def __init__(self, run_id: int, units: dict[str, int], today: dt.date) -> None:
        self.run_id, self.units, self.today = run_id, units, today
        self.problems: list[ImportProblem] = []
        self.seen: dict[str, int] = {}

    def reject(self, number: int, pid: str, reason: str) -> None:
        self.problems.append(ImportProblem(run_id=self.run_id, line=number, personal_id=pid[:40], reason=reason[:300]))

    def _fields(self, chunk: list[tuple[int, bytes]]) -> list[tuple[int, list[str] | None, str]]:
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

    def parse(self, chunk: list[tuple[int, bytes]]) -> list[PersonRecord]:
        records: list[PersonRecord] = []
        for number, fields, reason in self._fields(chunk):
            if fields is None:
                self.reject(number, "", reason)
                continue
            if not fields or fields == [""]:
                continue  # blank line
            try:
                record = parse_row(fields, units=self.units, today=self.today)
            except RowError as exc:
                self.reject(number, fields[0], str(exc))
                continue
            first = self.seen.setdefault(record.personal_id, number)
            if first != number:
                self.reject(number, record.personal_id, f"personal_id: duplicate of line {first}")
                continue
            records.append(record)
        return records


def _chunks(lines: list[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    for start in range(0, len(lines), CHUNK):
        yield lines[start : start + CHUNK]


def _write(
    run: ImportRun, lines: list[tuple[int, bytes]], units: dict[str, int], today: dt.date
) -> tuple[int, int, list[ImportProblem]]:
    """Validate and write one batch inside the caller's transaction: (written, already present, problems)."""
    if connection.vendor == "postgresql":
        # The batch and its checkpoint commit together, so losing the last commits in a crash only
        # means resuming a little earlier: no need to wait for the WAL flush.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        parser = _Parser(run.pk, units, today)
        try:
            with transaction.atomic():
                records = pg_stream_batch((parser.parse(chunk) for chunk in _chunks(lines)), units)
            return len(records), 0, parser.problems
        except (IntegrityError, psycopg.IntegrityError):
            pass  # someone in the batch is already registered: the slower path below
    parser = _Parser(run.pk, units, today)
    records = [r for chunk in _chunks(lines) for r in parser.parse(chunk)]
    written = write_batch(records, units, fast=False)
    return written, len(records) - written, parser.problems


def _commit(
    run: ImportRun, lines: list[tuple[int, bytes]], *, line: int, offset: int, units: dict[str, int], today: dt.date,
    hook: Callable[[int], None] | None,
) -> tuple[int, int]:  # fmt: skip
    with transaction.atomic():
        written, present, problems = _write(run, lines, units, today)
        ImportProblem.objects.bulk_create(problems)
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
    with connection.cursor() as cursor:
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
    with path.open("rb") as f:
        header = f.readline().decode("utf-8-sig").strip()
        if tuple(header.split(",")) != CSV_HEADER:
            raise DomainError(_("The first line must be the documented header."), code="bad_header", status=422)
        if run.offset:
            f.seek(run.offset)
        line, offset = run.line, run.offset or f.tell()
        pending: list[tuple[int, bytes]] = []
        for raw in f:
            line += 1
            offset += len(raw)
            pending.append((line, raw))
            if len(pending) >= batch_size:
                w, p = _commit(run, pending, line=line, offset=offset, units=units, today=day, hook=after_batch)
                written, present, pending = written + w, present + p, []
                if progress is not None:
                    progress.update(written + present, offset / size if size else 1.0)
        if pending:
            w, p = _commit(run, pending, line=line, offset=offset, units=units, today=day, hook=after_batch)
            written, present = written + w, present + p
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
