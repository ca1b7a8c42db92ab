"""CSV import: exact bad-row report, all good rows present, idempotent, resumable after a crash."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from django.conf import settings

from motcua.geo.models import Unit
from motcua.registry.constants import CSV_HEADER
from motcua.registry.generator import PopulationGenerator
from motcua.registry.models import Household, ImportRun, Person, Residence
from motcua.registry.services.imports import population_import
from motcua.registry.services.population import population_export

N = 3_000


class Crash(Exception):
    pass


def _units() -> list[tuple[str, str]]:
    return list(Unit.objects.filter(structure=settings.MOTCUA_STRUCTURE, level="commune").values_list("code", "kind"))


def _line(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(row)
    return buffer.getvalue()


def _corrupt(row: list[str], kind: int) -> tuple[str, str]:
    """Break ``row`` in one of several ways; return (raw line, the reason the report must give)."""
    if kind == 0:
        return _line(row[:-1]), f"expected {len(CSV_HEADER)} fields, found {len(CSV_HEADER) - 1}"
    if kind == 1:
        row[0] = row[0][:3] + str((int(row[0][3]) + 2) % 10) + row[0][4:]
        return _line(row), "personal_id: century digit does not match the birth date"
    if kind == 2:
        row[4] = "1990-02-30"
        return _line(row), "birth_date: not a date (YYYY-MM-DD)"
    if kind == 3:
        row[16] = "99999"
        return _line(row), "permanent_unit: unknown administrative unit"
    if kind == 4:
        row[3] = "X"
        return _line(row), "sex: must be M or F"
    if kind == 5:
        row[5] = "77"
        return _line(row), "ethnicity: not in the code list"
    row[2] = "UNCLOSED"
    return _line(row).replace("UNCLOSED", '"Nguyễn Văn'), "CSV syntax: ',' expected after '\"'"


def _write(
    path: Path, rows: list[tuple[str, ...]], bad_every: int = 100
) -> tuple[list[tuple[str, ...]], dict[int, str]]:
    """Write the CSV with every ``bad_every``-th row corrupted (1 %); return (good rows, line → reason)."""
    rng = random.Random(5)
    good: list[tuple[str, ...]] = []
    expected: dict[int, str] = {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    lines = [buffer.getvalue()]
    for i, row in enumerate(rows):
        line_no = i + 2
        if i % bad_every == bad_every // 2:
            text, reason = _corrupt(list(row), rng.randrange(7))
            lines.append(text + "\n")
            expected[line_no] = reason
        else:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(row)
            lines.append(buffer.getvalue())
            good.append(row)
    path.write_text("".join(lines), encoding="utf-8")
    return good, expected


def _report(path: Path) -> dict[int, str]:
    with path.open(encoding="utf-8") as f:
        return {int(r["line"]): r["reason"] for r in csv.DictReader(f)}


def _state() -> tuple[set[str], int, int, set[str]]:
    return (
        set(Person.objects.values_list("personal_id", flat=True)),
        Residence.objects.count(),
        Household.objects.exclude(head__isnull=True).count(),
        set(Household.objects.values_list("code", flat=True)),
    )


@pytest.fixture
def source(db, tmp_path):
    rows = list(PopulationGenerator(seed=21, units=_units()).rows(N))
    path = tmp_path / "people.csv"
    good, expected = _write(path, rows)
    return path, good, expected


def _check_complete(good, expected, report):
    ids, residences, _, households = _state()
    assert ids == {r[0] for r in good}
    assert residences == len(good) + sum(1 for r in good if r[18])
    assert households == {r[14] for r in good}
    assert report == expected


@pytest.mark.django_db
def test_import_reports_exactly_the_bad_rows_and_keeps_every_good_one(source):
    path, good, expected = source
    assert len(expected) == N // 100
    result = population_import(path=path, actor="test", batch_size=700)
    assert (result.written, result.bad, result.present) == (len(good), len(expected), 0)
    _check_complete(good, expected, _report(result.report))
    spouse_links = Person.objects.exclude(spouse__isnull=True).count()
    assert spouse_links > N // 5


@pytest.mark.django_db
def test_rerunning_adds_nothing(source, tmp_path):
    path, good, _ = source
    population_import(path=path, actor="test", batch_size=700)
    before = _state()
    again = population_import(path=path, actor="test", batch_size=700)
    assert again.already_done and again.written == 0
    forced = population_import(path=path, actor="test", batch_size=700, restart=True)
    assert forced.written == 0 and forced.present == len(good)
    assert _state() == before


@pytest.mark.django_db
def test_interrupted_then_resumed_ends_in_the_same_state(source):
    path, good, expected = source
    batches = []

    def crash_on_third(line: int) -> None:
        batches.append(line)
        if len(batches) == 3:
            raise Crash

    with pytest.raises(Crash):
        population_import(path=path, actor="test", batch_size=700, after_batch=crash_on_third)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.RUNNING and run.line == 1 + 2 * 700
    assert Person.objects.count() < len(good)
    result = population_import(path=path, actor="test", batch_size=700)
    assert result.resumed
    assert ImportRun.objects.get().rows_written == len(good)
    _check_complete(good, expected, _report(result.report))


@pytest.mark.django_db
def test_export_then_import_round_trips(source, tmp_path):
    path, good, _ = source
    population_import(path=path, actor="test", batch_size=1000)
    out = io.StringIO()
    assert population_export(out=out, actor="test", page=400) == len(good)
    exported = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(exported[0]) == CSV_HEADER
    by_id = {r[0]: r for r in good}
    for row in exported[1:]:
        original = by_id[row[0]]
        assert tuple(row) == tuple(original)


@pytest.mark.django_db
def test_a_bulk_load_rebuilds_the_indexes(source):
    from django.db import connection

    path, _, _ = source
    population_import(path=path, actor="test", batch_size=1000)
    names = set(connection.introspection.get_constraints(connection.cursor(), "registry_person"))
    assert "registry_person_name_birth" in names
    assert ImportRun.objects.get().deferred_indexes == []


@pytest.mark.django_db
def test_text_with_tabs_backslashes_and_quotes_survives(tmp_path):
    row = list(next(PopulationGenerator(seed=1, units=_units()).rows(1)))
    row[17] = 'Số 5\\7, ngõ "Tự Do"\tkhu B'
    row[13] = ""  # the spouse is not in this file
    path = tmp_path / "one.csv"
    path.write_text(_line(list(CSV_HEADER)) + "\n" + _line(row) + "\n", encoding="utf-8")
    result = population_import(path=path, actor="test")
    assert (result.written, result.bad) == (1, 0)
    assert Residence.objects.get(kind="permanent").address == 'Số 5\\7, ngõ "Tự Do"\tkhu B'


@pytest.mark.django_db
@pytest.mark.parametrize("workers", [0, 2])
def test_a_person_twice_in_a_batch_is_reported_wherever_the_repeat_falls(tmp_path, settings, monkeypatch, workers):
    """The second occurrence is rejected with the line of the first, whether it is in the same chunk, a
    later chunk of the batch, or prepared by another validating process (PostgreSQL)."""
    from motcua.registry.services import imports

    monkeypatch.setattr(imports, "CHUNK", 40)
    settings.REGISTRY_IMPORT_WORKERS = workers
    rows = [list(r) for r in PopulationGenerator(seed=3, units=_units()).rows(300)]
    repeats = {10: 5, 150: 20, 299: 298}  # index of the repeat → index of the first occurrence
    for later, first in repeats.items():
        rows[later] = rows[first]
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(_line(r) for r in [list(CSV_HEADER), *rows]) + "\n", encoding="utf-8")
    result = population_import(path=path, actor="test", batch_size=1000)
    expected = {later + 2: f"personal_id: duplicate of line {first + 2}" for later, first in repeats.items()}
    assert _report(result.report) == expected
    assert (result.written, result.bad) == (300 - len(repeats), len(repeats))
    assert Person.objects.count() == 300 - len(repeats)


@pytest.mark.django_db
def test_no_pattern_index_on_the_register_keys_after_a_bulk_load(source):
    """PostgreSQL: the LIKE-only copies of the key indexes are gone (migration 0003) and a bulk load,
    which drops and rebuilds the secondary indexes, does not bring them back."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("varchar_pattern_ops indexes exist only on PostgreSQL")
    path, _, _ = source
    population_import(path=path, actor="test", batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('registry_person', 'registry_household') "
            "AND indexdef LIKE '%%pattern_ops%%'"
        )
        assert cursor.fetchall() == []
    names = set(connection.introspection.get_constraints(connection.cursor(), "registry_person"))
    assert {"registry_person_pkey", "registry_person_name_birth", "registry_person_household_id_6c47d043"} <= names


def _file(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(_line(r) for r in [list(CSV_HEADER), *rows]) + "\n", encoding="utf-8")
    return path


def _primary_key(table: str) -> list[str]:
    from django.db import connection

    constraints = connection.introspection.get_constraints(connection.cursor(), table)
    return [column for c in constraints.values() if c["primary_key"] for column in c["columns"]]


@pytest.mark.django_db
def test_an_initial_load_skips_a_repeat_of_an_earlier_batch(tmp_path):
    """On PostgreSQL the person table has no primary key during an initial load: the importer's own set
    of IDs finds the repeat (counted as already present, as when the key refuses it) and the key is
    built at the end."""
    rows = [list(r) for r in PopulationGenerator(seed=4, units=_units()).rows(300)]
    rows[250] = rows[20]
    result = population_import(path=_file(tmp_path, rows), actor="test", batch_size=100)
    assert (result.written, result.present, result.bad) == (299, 1, 0)
    assert Person.objects.count() == 299
    assert (
        Residence.objects.filter(person_id=rows[20][0]).count()
        == Residence.objects.filter(person_id=rows[21][0]).count()
    )
    assert _primary_key("registry_person") == ["personal_id"]
    assert ImportRun.objects.get().deferred_indexes == []


@pytest.mark.django_db
def test_a_resumed_initial_load_remembers_who_it_wrote(tmp_path):
    rows = [list(r) for r in PopulationGenerator(seed=4, units=_units()).rows(300)]
    rows[250] = rows[20]
    path = _file(tmp_path, rows)

    def crash_on_second(line: int) -> None:
        if line > 100:
            raise Crash

    with pytest.raises(Crash):
        population_import(path=path, actor="test", batch_size=100, after_batch=crash_on_second)
    result = population_import(path=path, actor="test", batch_size=100)
    assert result.resumed and (result.present, result.bad) == (1, 0)
    assert Person.objects.count() == 299 and ImportRun.objects.get().rows_written == 299
    assert _primary_key("registry_person") == ["personal_id"]


@pytest.mark.django_db
def test_a_person_written_by_someone_else_during_an_initial_load(tmp_path):
    """PostgreSQL defers the primary key in an initial load and trusts its own set of IDs: a repeat written
    behind its back is caught when the key is built, with a clear error, and the run is left to finish once
    the repeat is removed. Where the key stays (SQLite), it refuses the repeat at once: counted as present."""
    from django.db import connection

    from motcua.core.errors import DomainError

    rows = [list(r) for r in PopulationGenerator(seed=4, units=_units()).rows(300)]
    path = _file(tmp_path, rows)

    def someone_else(line: int) -> None:
        if line <= 101:
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMP TABLE intruder AS SELECT * FROM registry_person LIMIT 1")
                cursor.execute("UPDATE intruder SET personal_id = %s", [rows[150][0]])
                cursor.execute("INSERT INTO registry_person SELECT * FROM intruder")

    if connection.vendor == "postgresql":
        with pytest.raises(DomainError) as caught:
            population_import(path=path, actor="test", batch_size=100, after_batch=someone_else)
        assert caught.value.code == "duplicate_during_load"
        assert ImportRun.objects.get().status == ImportRun.Status.RUNNING
    else:
        result = population_import(path=path, actor="test", batch_size=100, after_batch=someone_else)
        assert (result.written, result.present, result.bad) == (299, 1, 0)
        assert Person.objects.count() == 300
