"""The import's fast path gives exactly what the row-by-row validation and writers give, on any input."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.registry.blocks import Prepared, prepare_block, split_lines, tables
from motcua.registry.frames import prepare_frame
from motcua.registry.generator import PopulationGenerator
from motcua.registry.services.imports import validate_chunk
from motcua.registry.writers import Household, copy_block, household_of, merge_household, person_line, residence_text

UNITS = {"00070": 1, "00073": 2, "10144": 3}
TODAY = dt.date(2026, 6, 1)
TABLES = tables(UNITS, TODAY)
ROWS = [list(r) for r in PopulationGenerator(seed=8, units=[("00070", "Phường"), ("10144", "Xã")]).rows(40)]

#: Values near every rule's edge, tried in every column.
TRICKY = [
    "", " ", "X", "M", "F", "1990", "1899", "1900", "2026", "2027", "0199", "1990-02-30", "1990-02-28",
    "2026-06-01", "2026-06-02", "1899-12-31", "20240101", "1990-1-1", "001090012345", "001190012345",
    "00109001234", "0010900123456", "١٢٣٤٥٦٧٨٩٠١٢", "123456789", "12345678", "١٢٣٤٥٦٧٨٩", "01", "54", "55", "00",
    "VN", "vn", "V1", "VNM", "single", "married", "Married", "head", "child", "HEAD", "123456", "12345",
    "ABCDEF", "12345a", "A" * 20, "A" * 21, "00070", "00073", "99999", "x" * 101, "x" * 201, "x" * 251,
    "  Nguyễn   Văn  An ", "Đặng Thị Ánh", "ß Straße", "a\tb", "a\\b", "a\rb", "Ǆ", "\u00a0",
]  # fmt: skip


def _reference(data: bytes, first: int) -> Prepared:
    """What the row-by-row path (parse_row and the writers) makes of the same lines."""
    records, problems = validate_chunk(split_lines(data, first), UNITS, TODAY)
    households: dict[str, Household] = {}
    for _, r in records:
        if (household := household_of(r, UNITS)) is not None:
            merge_household(households, household)
    return Prepared(
        people=copy_block([person_line(r) for _, r in records]),
        residences="".join(residence_text(r, UNITS) for _, r in records),
        households=list(households.values()),
        problems=problems,
        written=len(records),
        ids="".join(r.personal_id for _, r in records),
    )


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


PREPARERS = pytest.mark.parametrize("prepare", [prepare_block, prepare_frame], ids=["rows", "frames"])


@PREPARERS
def test_generated_rows_take_the_fast_path_and_match(prepare):
    data = _csv(ROWS)
    assert prepare(data, 2, TABLES) == _reference(data, 2)
    assert prepare(data, 2, TABLES).written == len(ROWS)


@PREPARERS
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, 21), st.sampled_from(TRICKY)), max_size=12))
def test_mutated_rows_give_the_same_records_and_reasons(prepare, mutations):
    rows = [list(r) for r in ROWS]
    for row, column, value in mutations:
        rows[row][column] = value
    data = _csv(rows)
    assert prepare(data, 7, TABLES) == _reference(data, 7)


@PREPARERS
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, 21), st.text(max_size=14)), max_size=6))
def test_any_text_gives_the_same_records_and_reasons(prepare, mutations):
    rows = [list(r) for r in ROWS]
    for row, column, value in mutations:
        rows[row][column] = value
    data = _csv(rows)
    assert prepare(data, 2, TABLES) == _reference(data, 2)


@PREPARERS
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(ROWS) - 1),
            st.sampled_from([b"", b'"', b",", b"\r", b"\xff", b"\\", b"\t", b'"x"y', b"\r\n"]),
            st.integers(0, 300),
        ),
        max_size=5,
    )
)
def test_broken_lines_give_the_same_records_and_reasons(prepare, breaks):
    """Unclosed quotes, stray separators, bytes that are not UTF-8, CRLF line ends, blank lines."""
    lines = _csv(ROWS).split(b"\n")[:-1]
    for row, text, at in breaks:
        line = lines[row]
        lines[row] = b"" if text == b"" else line[:at] + text + line[at:]
    data = b"\n".join(lines) + b"\n"
    assert prepare(data, 2, TABLES) == _reference(data, 2)


def test_the_tables_know_every_birth_date_and_the_id_digits_it_implies():
    assert TABLES.births["1990-05-01"] == ("1990-05-01", "day", "090", "190")
    assert TABLES.births["2005"] == ("2005-01-01", "year", "205", "305")
    assert "2026-06-02" not in TABLES.births and "2027" not in TABLES.births and "1899-12-31" not in TABLES.births
