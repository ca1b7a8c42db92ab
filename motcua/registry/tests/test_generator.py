"""The synthetic population: deterministic, consistent links, a plausible age pyramid and households."""

from __future__ import annotations

import csv
import io
from collections import Counter

from motcua.registry.constants import CSV_HEADER
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


def test_csv_lines_are_what_the_csv_module_writes():
    generator = PopulationGenerator(seed=5, units=UNITS)
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows(PopulationGenerator(seed=5, units=UNITS).rows(3_000))
    assert "".join(generator.csv_lines(3_000)) == expected.getvalue()


def test_shards_never_repeat_an_id_a_household_or_an_old_id():
    shards = [list(PopulationGenerator(seed=3, units=UNITS, shard=i, shards=3).rows(4_000)) for i in range(3)]
    rows = [r for shard in shards for r in shard]
    assert len({r[0] for r in rows}) == len(rows)
    old_ids = [r[1] for r in rows if r[1]]
    assert len(set(old_ids)) == len(old_ids)
    households = [{r[14] for r in shard} for shard in shards]
    assert not (households[0] & households[1] or households[0] & households[2] or households[1] & households[2])
    assert shards[0] != shards[1]
    assert shards[1] == list(PopulationGenerator(seed=3, units=UNITS, shard=1, shards=3).rows(4_000))


def test_a_large_population_is_generated_in_parallel_parts_the_same_every_time(db, monkeypatch):
    from motcua.registry.services import population

    monkeypatch.setattr(population, "PARALLEL_FROM", 1_000)
    files = []
    for _ in range(2):
        out = io.StringIO()
        assert population.population_generate_csv(out=out, count=2_001, seed=9, actor="test") == 2_001
        files.append(out.getvalue())
    assert files[0] == files[1]
    rows = list(csv.reader(io.StringIO(files[0])))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == 2_002
    assert len({r[0] for r in rows[1:]}) == 2_001
    assert [len(r) for r in rows] == [len(CSV_HEADER)] * len(rows)
