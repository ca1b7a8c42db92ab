"""The synthetic population: deterministic, consistent links, a plausible age pyramid and households."""

from __future__ import annotations

from collections import Counter

from motcua.registry.generator import REFERENCE_DATE, PopulationGenerator

UNITS = [("00070", "phường"), ("00100", "xã"), ("00103", "phường"), ("00200", "xã")]


def _people(n: int, seed: int = 3) -> list[tuple[str, ...]]:
    return list(PopulationGenerator(seed=seed, units=UNITS).rows(n))


def test_same_seed_same_people_other_seed_other_people():
    assert _people(500) == _people(500)
    assert _people(500) != _people(500, seed=4)


def test_age_pyramid_and_household_sizes_are_plausible_for_hanoi():
    rows = _people(20_000)
    ages = [REFERENCE_DATE.year - int(r[4][:4]) for r in rows]
    share = lambda low, high: sum(low <= a <= high for a in ages) / len(ages)  # noqa: E731
    assert 0.17 <= share(0, 14) <= 0.30
    assert 0.60 <= share(15, 64) <= 0.75
    assert 0.05 <= share(65, 120) <= 0.14
    sizes = Counter(r[14] for r in rows)
    mean = len(rows) / len(sizes)
    assert 2.9 <= mean <= 3.7
    families = Counter(r[2].split()[0] for r in rows)
    assert 0.30 <= families["Nguyễn"] / len(rows) <= 0.45
    assert families["Nguyễn"] > families["Trần"] > families["Phạm"]


def test_links_are_consistent():
    rows = _people(5_000)
    by_id = {r[0]: r for r in rows}
    for r in rows:
        if r[13]:
            spouse = by_id[r[13]]
            assert spouse[13] == r[0] and spouse[3] != r[3] and spouse[14] == r[14]
        if r[11]:
            father = by_id[r[11]]
            assert father[3] == "M" and int(father[4][:4]) < int(r[4][:4])
            assert r[2].split()[0] == father[2].split()[0]  # the father's family name
        if r[12]:
            assert by_id[r[12]][3] == "F"
    heads = Counter(r[14] for r in rows if r[15] == "head")
    assert set(heads.values()) == {1}


def test_wards_weigh_more_than_communes():
    rows = _people(20_000)
    per_unit = Counter(r[16] for r in rows)
    assert per_unit["00070"] + per_unit["00103"] > 1.2 * (per_unit["00100"] + per_unit["00200"])
