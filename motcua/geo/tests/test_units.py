import pytest

from motcua.geo.models import Succession, Unit
from motcua.geo.selectors import unit_list
from motcua.geo.services import units_load

pytestmark = pytest.mark.django_db


def test_hanoi_has_126_communes_in_2025_and_30_districts_526_communes_before():
    assert Unit.objects.filter(structure="2025", parent__code="01").count() == 126
    assert Unit.objects.filter(structure="2017", parent__code="01", level="district").count() == 30
    assert Unit.objects.filter(structure="2017", province_code="01", level="commune").count() == 526


def test_every_old_hanoi_commune_has_a_successor():
    olds = Unit.objects.filter(structure="2017", province_code="01", level="commune")
    assert olds.filter(succession_out__isnull=True).count() == 0
    assert Succession.objects.filter(successor__code="00070", successor__structure="2025").count() >= 5


def test_load_is_idempotent():
    before = (Unit.objects.count(), Succession.objects.count())
    units_load(province="01")
    assert (Unit.objects.count(), Succession.objects.count()) == before


def test_effective_dates():
    new = Unit.objects.get(structure="2025", code="00070")
    old = Unit.objects.get(structure="2017", code="00001")
    assert str(new.valid_from) == "2025-07-01" and new.valid_to is None
    assert old.valid_from is None and str(old.valid_to) == "2025-06-30"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dong da", "Phường Đống Đa"),
        ("Đống Đa", "Phường Đống Đa"),
        ("hoan kiem", "Phường Hoàn Kiếm"),
        ("nghia do", "Phường Nghĩa Đô"),
    ],
)
def test_search_ignores_diacritics_and_ranks_exact_phrase_first(query, expected):
    assert unit_list(structure="2025", q=query)[0].name == expected


def test_search_matches_word_starts_only():
    names = [u.name for u in unit_list(structure="2025", q="dong d")]
    assert "Phường Đống Đa" in names
    assert all(" dong d" in u.search_text for u in unit_list(structure="2025", q="dong d"))
