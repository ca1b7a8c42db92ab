"""Personal-ID structure: hand-written table and properties over generated people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.identifiers import personal_id_problem
from motcua.registry.generator import PopulationGenerator
from motcua.registry.rows import RowError, parse_row

M, F = False, True
D = dt.date

VALID = [
    ("001090012345", D(1990, 5, 1), M),
    ("001190012345", D(1990, 5, 1), F),
    ("001205012345", D(2005, 1, 1), M),
    ("001305000001", D(2005, 12, 31), F),
    ("079085123456", D(1985, 7, 7), M),
    ("036199000000", D(1999, 1, 1), F),
    ("002000999999", D(1900, 1, 1), M),
    ("096299999999", D(2099, 12, 31), M),
    ("031323000001", D(2023, 2, 28), F),
    ("038175654321", D(1975, 4, 30), F),
    ("040220123123", D(2020, 2, 29), M),
    ("001400000001", D(2100, 1, 1), M),
    ("001501000001", D(2101, 6, 1), F),
    ("001062111111", D(1962, 3, 3), M),
    ("027100222222", D(1900, 8, 8), F),
    ("001324500000", None, None),
]
INVALID = [
    ("00109001234", D(1990, 5, 1), M, "must be exactly 12 digits"),
    ("0010900123456", D(1990, 5, 1), M, "must be exactly 12 digits"),
    ("00109001234a", D(1990, 5, 1), M, "must be exactly 12 digits"),
    (" 01090012345", D(1990, 5, 1), M, "must be exactly 12 digits"),
    ("", None, None, "must be exactly 12 digits"),
    ("003090012345", D(1990, 5, 1), M, "unknown province code"),
    ("000090012345", D(1990, 5, 1), M, "unknown province code"),
    ("097090012345", D(1990, 5, 1), M, "unknown province code"),
    ("099190012345", None, None, "unknown province code"),
    ("001290012345", D(1990, 1, 1), M, "century digit does not match the birth date"),
    ("001090012345", D(2090, 1, 1), M, "century digit does not match the birth date"),
    ("001205012345", D(1905, 1, 1), M, "century digit does not match the birth date"),
    ("001490012345", D(1990, 1, 1), M, "century digit does not match the birth date"),
    ("001091012345", D(1990, 1, 1), M, "birth-year digits do not match the birth date"),
    ("001200012345", D(2001, 1, 1), M, "birth-year digits do not match the birth date"),
    ("001090012345", D(1990, 1, 1), F, "sex digit does not match"),
    ("001190012345", D(1990, 1, 1), M, "sex digit does not match"),
    ("001305012345", D(2005, 1, 1), M, "sex digit does not match"),
    ("001990012345", D(1990, 1, 1), M, "century digit does not match the birth date"),
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):  # the reasons below are the English ones
        yield


@pytest.mark.parametrize(("pid", "birth", "female"), VALID)
def test_valid_ids(pid, birth, female):
    assert personal_id_problem(pid, birth_date=birth, female=female) is None


@pytest.mark.parametrize(("pid", "birth", "female", "reason"), INVALID)
def test_invalid_ids(pid, birth, female, reason):
    assert personal_id_problem(pid, birth_date=birth, female=female) == reason


def test_the_table_is_big_enough():
    assert len(VALID) + len(INVALID) >= 30


UNITS = [("00070", "phường"), ("00100", "xã"), ("00103", "phường")]
ALL_UNITS = frozenset(code for code, _ in UNITS)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 60))
def test_every_generated_person_validates(seed, count):
    rows = list(PopulationGenerator(seed=seed, units=UNITS).rows(count))
    assert len(rows) == count
    assert len({r[0] for r in rows}) == count
    for row in rows:
        record = parse_row(list(row), units=ALL_UNITS, today=D(2026, 1, 1))
        assert personal_id_problem(record.personal_id, birth_date=record.birth_date, female=record.sex == "F") is None


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), pick=st.integers(0, 39), digit=st.integers(0, 9))
def test_mutating_the_century_digit_against_the_birth_year_fails(seed, pick, digit):
    row = list(list(PopulationGenerator(seed=seed, units=UNITS).rows(40))[pick])
    original = int(row[0][3])
    if digit // 2 == original // 2:
        digit = (digit + 2) % 10  # another century, same sex
    row[0] = row[0][:3] + str(digit) + row[0][4:]
    with pytest.raises(RowError, match="century digit"):
        parse_row(row, units=ALL_UNITS, today=D(2026, 1, 1))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "M", "Z", "N", "P"])))
def test_fast_name_folding_equals_the_core_fold(text):
    from motcua.core.text import fold
    from motcua.registry.rows import fold_name

    assert fold_name(text) == fold(text)


def test_fast_folding_of_vietnamese_names():
    from motcua.core.text import fold
    from motcua.registry.rows import fold_name

    for row in PopulationGenerator(seed=9, units=UNITS).rows(2000):
        assert fold_name(row[2]) == fold(row[2])
    assert fold_name("Đặng Thị Ửng  Ưng") == "dang thi ung ung"
