"""Search ignores diacritics and word order; filters browse by field, agency, level and online level."""

from __future__ import annotations

import pytest

from motcua.catalog.selectors import procedure_filter_options, procedure_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "q",
    ["khai sinh dang ky", "đăng ký khai sinh", "DANG KY KHAI SINH", "thủ tục đăng ký khai sinh", "dang ky khai sinh"],
)
def test_birth_registration_comes_first(demo_catalog, q):
    page = procedure_search(q=q)
    assert page.items[0].code == "1.001193", [p.name for p in page.items[:3]]
    assert page.count >= 3


def test_certified_copies_are_found(demo_catalog):
    codes = [p.code for p in procedure_search(q="chung thuc ban sao").items]
    assert codes[0] == "2.000815"
    assert "2.000908" in codes


def test_a_code_finds_its_procedure(demo_catalog):
    assert procedure_search(q="1.004873").items[0].code == "1.004873"


def test_nothing_matches_nonsense(demo_catalog):
    assert procedure_search(q="xyzzy").count == 0


def test_filters(demo_catalog):
    commune = procedure_search(level="commune", limit=500)
    province = procedure_search(level="province", limit=500)
    assert commune.count > 20
    assert province.count > 10
    full = procedure_search(online_level="full", limit=500)
    assert full.count and all(p.online_level == "full" for p in full.items)
    civil = procedure_search(field="Hộ tịch", q="ket hon", limit=500)
    assert {p.code for p in civil.items} >= {"1.000894", "2.000806"}
    options = procedure_filter_options()
    justice = next(key for key, label in options["agencies"] if label == "Sở Tư pháp")
    assert "2.000635" in {p.code for p in procedure_search(agency=justice, limit=500).items}


def test_paging(demo_catalog):
    first, second = procedure_search(limit=5), procedure_search(limit=5, offset=5)
    assert first.count == second.count >= 40
    assert not {p.code for p in first.items} & {p.code for p in second.items}
