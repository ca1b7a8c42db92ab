"""Write a batch of validated records: PostgreSQL COPY, or executemany elsewhere.

Every writer skips people already in the register (so re-running an import adds nothing) and writes the
residences only of the people it inserted. Households are upserted: a member may arrive before the head.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from django.db import IntegrityError, connection, transaction

from motcua.registry.constants import DatePrecision, ResidenceKind
from motcua.registry.models import Person, Residence
from motcua.registry.rows import PersonRecord

PERSON_COLUMNS = (
    "personal_id", "old_id", "full_name", "name_folded", "sex", "birth_date", "birth_date_precision", "ethnicity",
    "religion", "nationality", "native_place", "birth_registration_place", "marital_status", "father_id",
    "mother_id", "spouse_id", "household_id", "relation_to_head", "death_date",
)  # fmt: skip
RESIDENCE_COLUMNS = ("person_id", "kind", "unit_id", "address", "valid_from")
HOUSEHOLD_COLUMNS = ("code", "head_id", "unit_id", "address")
#: A member's row creates the household; the head's row (when it comes) names the head and the address.
_HOUSEHOLD_CONFLICT = (
    "ON CONFLICT (code) DO UPDATE SET head_id = COALESCE(excluded.head_id, registry_household.head_id), "
    "address = CASE WHEN excluded.head_id IS NULL THEN registry_household.address ELSE excluded.address END"
)


def person_values(r: PersonRecord) -> tuple[Any, ...]:
    return (
        r.personal_id, r.old_id, r.full_name, r.name_folded, r.sex, r.birth_date,
        DatePrecision.YEAR.value if r.year_only else DatePrecision.DAY.value, r.ethnicity, r.religion,
        r.nationality, r.native_place, r.birth_registration_place, r.marital_status, r.father_id, r.mother_id,
        r.spouse_id, r.household_id, r.relation_to_head, r.death_date,
    )  # fmt: skip


def residence_values(r: PersonRecord, units: dict[str, int]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [
        (r.personal_id, ResidenceKind.PERMANENT.value, units[r.permanent_unit], r.permanent_address, r.residence_since)
    ]
    if r.current_unit:
        rows.append(
            (r.personal_id, ResidenceKind.CURRENT.value, units[r.current_unit], r.current_address, r.residence_since)
        )
    return rows


Household = tuple[str, str | None, int, str]  # code, head's personal ID (None: a member's row), unit, address


def household_of(r: PersonRecord, units: dict[str, int]) -> Household | None:
    if r.household_id is None:
        return None
    head = r.personal_id if r.relation_to_head == "head" else None
    return (r.household_id, head, units[r.permanent_unit], r.permanent_address)


def merge_household(found: dict[str, Household], household: Household) -> None:
    """The first row of a household creates it; the head's row (whenever it comes) wins."""
    if household[1] is not None or household[0] not in found:
        found[household[0]] = household


def household_values(records: Iterable[PersonRecord], units: dict[str, int]) -> list[Household]:
    """One row per household of the batch; the head's row names the head and the address."""
    found: dict[str, Household] = {}
    for r in records:
        if (household := household_of(r, units)) is not None:
            merge_household(found, household)
    return list(found.values())


def _existing(ids: Sequence[str]) -> set[str]:
    present: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        present.update(Person.objects.filter(personal_id__in=chunk).values_list("personal_id", flat=True))
    return present


def write_batch(records: list[PersonRecord], units: dict[str, int], *, fast: bool = True) -> int:
    """Insert the batch inside the caller's transaction; return how many people were new.

    On PostgreSQL the fast path COPYs straight into the tables (in a savepoint); when a person is already
    there it fails as a whole and the batch is written again without the people already present.
    """
    if not records:
        return 0
    if connection.vendor == "postgresql" and fast:
        try:
            with transaction.atomic():
                pg_stream_batch(iter([records]), units)
            return len(records)
        except (IntegrityError, psycopg.IntegrityError):
            pass
    present = _existing([r.personal_id for r in records])
    fresh = [r for r in records if r.personal_id not in present]
    if connection.vendor == "postgresql":
        pg_stream_batch(iter([fresh]), units)
    else:
        _generic_write(fresh, units)
    return len(fresh)


# --- PostgreSQL ---------------------------------------------------------------------------------------
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


def _esc(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def person_line(r: PersonRecord) -> str:
    """The person as one line of COPY text."""
    return "\t".join((
        r.personal_id, r.old_id, _esc(r.full_name), _esc(r.name_folded), r.sex, r.birth_date.isoformat(),
        "year" if r.year_only else "day", r.ethnicity, r.religion, r.nationality, _esc(r.native_place),
        _esc(r.birth_registration_place), r.marital_status, r.father_id or _NULL, r.mother_id or _NULL,
        r.spouse_id or _NULL, r.household_id or _NULL, r.relation_to_head,
        r.death_date.isoformat() if r.death_date else _NULL,
    ))  # fmt: skip


def residence_text(r: PersonRecord, units: dict[str, int]) -> str:
    """The person's one or two residences as COPY lines (each ending in a newline)."""
    since = r.residence_since.isoformat() if r.residence_since else _NULL
    text = f"{r.personal_id}\tpermanent\t{units[r.permanent_unit]}\t{_esc(r.permanent_address)}\t{since}\n"
    if r.current_unit:
        text += f"{r.personal_id}\tcurrent\t{units[r.current_unit]}\t{_esc(r.current_address)}\t{since}\n"
    return text


def copy_block(lines: list[str]) -> str:
    """COPY lines (without their newlines) as one block of text."""
    return "\n".join(lines) + "\n" if lines else ""


PERSON_COPY = f"COPY {Person._meta.db_table} ({', '.join(PERSON_COLUMNS)}) FROM STDIN"
RESIDENCE_COPY = f"COPY {Residence._meta.db_table} ({', '.join(RESIDENCE_COLUMNS)}) FROM STDIN"


def pg_copy(people: Iterable[str], residences: list[str], households: dict[str, Household]) -> None:
    """COPY blocks of people (as they come: PostgreSQL works while Python prepares the next block), then
    the ``residences`` blocks and ``households`` that the ``people`` iterable fills as it goes. Raises an
    integrity error on a person already present."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        with raw.copy(PERSON_COPY) as copy:
            for block in people:
                if block:
                    copy.write(block)
        pg_copy_residences(raw, residences)
        pg_upsert_households(raw, households)


def pg_copy_residences(cursor: psycopg.Cursor[Any], residences: Iterable[str]) -> None:
    """COPY blocks of residence lines."""
    with cursor.copy(RESIDENCE_COPY) as copy:
        for block in residences:
            if block:
                copy.write(block)


def pg_upsert_households(cursor: psycopg.Cursor[Any], households: dict[str, Household]) -> None:
    """Create or complete the households, through a temporary table (COPY, then one upsert)."""
    if not households:
        return
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS registry_household_stage (LIKE registry_household) ON COMMIT DELETE ROWS"
    )
    with cursor.copy(f"COPY registry_household_stage ({', '.join(HOUSEHOLD_COLUMNS)}) FROM STDIN") as copy:
        copy.write(copy_block([f"{c}\t{h or _NULL}\t{u}\t{_esc(a)}" for c, h, u, a in households.values()]))
    cursor.execute(_HOUSEHOLD_FROM_STAGE)
    cursor.execute("TRUNCATE registry_household_stage")


def pg_stream_batch(chunks: Iterator[list[PersonRecord]], units: dict[str, int]) -> list[PersonRecord]:
    """:func:`pg_copy` of records; returns them."""
    records: list[PersonRecord] = []
    residences: list[str] = []
    households: dict[str, Household] = {}

    def people() -> Iterator[str]:
        for chunk in chunks:
            records.extend(chunk)
            for r in chunk:
                residences.append(residence_text(r, units))
                if (household := household_of(r, units)) is not None:
                    merge_household(households, household)
            yield copy_block([person_line(r) for r in chunk])

    pg_copy(people(), residences, households)
    return records


_HOUSEHOLD_FROM_STAGE = (
    "INSERT INTO registry_household (code, head_id, unit_id, address) "  # noqa: S608  (constants only)
    "SELECT code, head_id, unit_id, address FROM registry_household_stage " + _HOUSEHOLD_CONFLICT
)


# --- SQLite and others --------------------------------------------------------------------------------
def _insert_sql(table: str, columns: Sequence[str]) -> str:
    # table and columns are this module's constants, never input
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608


def _generic_write(records: list[PersonRecord], units: dict[str, int]) -> None:
    if not records:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_insert_sql(Person._meta.db_table, PERSON_COLUMNS), [person_values(r) for r in records])
        cursor.executemany(
            _insert_sql(Residence._meta.db_table, RESIDENCE_COLUMNS),
            [v for r in records for v in residence_values(r, units)],
        )
        cursor.executemany(
            "INSERT INTO registry_household (code, head_id, unit_id, address) VALUES (%s, %s, %s, %s) "  # noqa: S608
            + _HOUSEHOLD_CONFLICT,
            household_values(records, units),
        )
