import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.identifiers import personal_id_problem, tax_code_problem
from motcua.core.text import fold


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):  # the reasons below are the English ones
        yield


def test_the_reasons_are_in_vietnamese_by_default() -> None:
    with translation.override("vi"):
        assert tax_code_problem("0100109107") == "chữ số kiểm tra không đúng"
        assert personal_id_problem("00109001234") == "phải gồm đúng 12 chữ số"


def test_fold_strips_every_vietnamese_mark_including_d_stroke():
    assert fold("Hồ sơ ĐĂNG KÝ  khai sinh") == "ho so dang ky khai sinh"
    assert fold("Phường Đống Đa") == "phuong dong da"
    assert fold("Nghĩa Đô, Quảng Bá, Ửng") == "nghia do, quang ba, ung"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once


def test_personal_id_structure():
    assert personal_id_problem("001090012345", birth_date=dt.date(1990, 5, 1), female=False) is None
    assert personal_id_problem("001190012345", birth_date=dt.date(1990, 5, 1), female=True) is None
    assert personal_id_problem("001205012345", birth_date=dt.date(2005, 1, 1)) is None
    assert personal_id_problem("00109001234") == "must be exactly 12 digits"
    assert personal_id_problem("003090012345") == "unknown province code"
    assert (
        personal_id_problem("001290012345", birth_date=dt.date(1990, 1, 1))
        == "century digit does not match the birth date"
    )
    assert (
        personal_id_problem("001091012345", birth_date=dt.date(1990, 1, 1))
        == "birth-year digits do not match the birth date"
    )
    assert personal_id_problem("001090012345", female=True) == "sex digit does not match"
    # only the 12 ASCII digits, nothing after them (a regex's "$" took a trailing newline, "\d" Arabic digits)
    for wrong in ("001090012345\n", "٠٠١٠٩٠٠١٢٣٤٥", "００１０９００１２３４５", " 001090012345"):
        assert personal_id_problem(wrong) == "must be exactly 12 digits", wrong
    assert tax_code_problem("0100109106\n") is not None


def test_tax_code_check_digit():
    assert tax_code_problem("0100109106") is None  # Viettel
    assert tax_code_problem("0100109106-001") is None
    assert tax_code_problem("0100109107") == "check digit is wrong"
    assert tax_code_problem("01001091") is not None
