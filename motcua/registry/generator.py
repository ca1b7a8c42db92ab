"""Synthetic population for demos, tests and benchmarks: deterministic by seed, realistic for Hà Nội.

Yields CSV rows (tuples of strings in :data:`CSV_HEADER` order) household by household, so any size up
to the city's 8.7 million streams in constant memory and goes through the same validation as an import.

What is modelled (approximations; sources in data/names.json and the docstrings below):
- family names by their national shares; middle and given names by sex (older women mostly "Thị");
- households of 1–7 people (mean ≈ 3.3, as in Hà Nội's 2019 census), as singles, couples with children,
  single parents and three-generation households; spouses, fathers and mothers linked both ways;
- an age pyramid near Hà Nội's (2019 census: 0–14 ≈ 24 %, 15–64 ≈ 67 %, 65+ ≈ 9 %; this generator gives
  about 26 %, 64 %, 10 %), reached through the household compositions and head ages (see tests);
- personal IDs consistent with the birth-registration province, century/sex digit and birth year; the
  six-digit sequence is a per-bucket permutation, so IDs never repeat;
- residences over the given communes in proportion to an approximate population. Unit populations
  are not in our data: a ward (phường) weighs 1.5 and a commune (xã) 1.0, which puts about half the
  people in the 51 wards, as the 2019 census put about half of Hà Nội in its urban districts.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

from motcua.registry.codelists import DATA

#: The generator's "today": fixed, so a seed gives the same population on any day.
REFERENCE_DATE = dt.date(2026, 1, 1)
_REFERENCE_DAY = REFERENCE_DATE.toordinal()
_FIRST_DAY = dt.date(1800, 1, 1).toordinal()
#: ISO text of every day up to the reference date, by ordinal − _FIRST_DAY (formatting each birth date
#: anew was a tenth of the generator's time).
_ISO = [dt.date.fromordinal(day).isoformat() for day in range(_FIRST_DAY, _REFERENCE_DAY + 1)]

Row = tuple[str, ...]


@cache
def _names() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "names.json").read_text("utf-8"))
    return data


class _Pick:
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them every call)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _table(key: str) -> _Pick:
    pairs = _names()[key]
    return _Pick([p[0] for p in pairs], [p[1] for p in pairs])


HOUSEHOLD_SIZES = _Pick([1, 2, 3, 4, 5, 6, 7], [12, 20, 23, 26, 11, 5, 3])
HEAD_AGES = _Pick(
    [
        (25, 29),
        (30, 34),
        (35, 39),
        (40, 44),
        (45, 49),
        (50, 54),
        (55, 59),
        (60, 64),
        (65, 69),
        (70, 74),
        (75, 79),
        (80, 89),
    ],
    [9, 13, 13, 12, 11, 10, 10, 9, 6, 3, 2, 1],
)
ETHNICITIES = _Pick(["01", "06", "02", "03", "07", "09", "04"], [98.7, 0.6, 0.3, 0.15, 0.1, 0.1, 0.05])
RELIGIONS = _Pick(["00", "01", "02", "03", "04", "05"], [88, 6.5, 4.5, 0.5, 0.3, 0.2])


@dataclass
class _Member:
    female: bool
    age: int
    relation: str
    family: str = ""
    pid: str = ""
    birth: int = _REFERENCE_DAY  # ordinal of the date of birth
    year_only: bool = False
    marital: str = "single"
    father: _Member | None = None
    mother: _Member | None = None
    spouse: _Member | None = None
    born_in: tuple[str, str] = ("001", "Hà Nội")
    native: str = "Hà Nội"


@dataclass
class PopulationGenerator:
    """``PopulationGenerator(seed=1, units=[("00070", "phường"), …]).rows(50_000)``.

    ``shard`` of ``shards``: one of several generators of the same seed that run in parallel; each draws
    its own numbers and takes every ``shards``-th personal ID of each bucket, household and old ID
    number, so together they never repeat one.
    """

    seed: int
    units: Sequence[tuple[str, str]]
    reserved_ids: frozenset[str] = frozenset()
    shard: int = 0
    shards: int = 1
    rng: random.Random = field(init=False)
    _counters: dict[str, int] = field(init=False, default_factory=dict)
    _households: int = field(init=False, default=0)
    _old_ids: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.units:
            raise ValueError("the generator needs at least one administrative unit")
        if not 0 <= self.shard < self.shards:
            raise ValueError("shard must be in range(shards)")
        seed = self.seed if self.shards == 1 else f"{self.seed}/{self.shard}/{self.shards}"
        self.rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
        # randint(a, b) is a + _randbelow(b - a + 1) and choice(s) is s[_randbelow(len(s))]: the same
        # numbers without three layers of Python calls each time
        self._below: Callable[[int], int] = self.rng._randbelow  # type: ignore[attr-defined]
        self._offsets: dict[str, int] = {}
        self._unit = _Pick(self.units, [1.5 if kind.lower() == "phường" else 1.0 for _, kind in self.units])
        self._family = _table("family")
        self._middle = {False: _table("middle_male"), True: _table("middle_female")}
        self._given = {False: _table("given_male"), True: _table("given_female")}
        provinces = _names()["birth_provinces"]
        self._province = _Pick([(p[0], p[1]) for p in provinces], [p[2] for p in provinces])
        self._streets: list[str] = _names()["streets"]
        self._hamlets: list[str] = _names()["hamlets"]

    # --- people ------------------------------------------------------------------------------------
    def rows(self, count: int) -> Iterator[Row]:
        """``count`` people, household by household (the last household is shrunk to fit)."""
        left = count
        while left > 0:
            members = self._household(min(HOUSEHOLD_SIZES(self.rng), left))
            left -= len(members)
            yield from self._rows_of(members)

    def _household(self, size: int) -> list[_Member]:
        rng = self.rng
        if size == 1:
            roll = rng.random()
            low, high = (20, 39) if roll < 0.65 else (40, 64) if roll < 0.82 else (65, 92)
            head = _Member(female=rng.random() < 0.5, age=low + self._below(high - low + 1), relation="head")
            head.marital = "single" if high == 39 else ("divorced" if high == 64 else "widowed")
            return [head]
        low, high = HEAD_AGES(rng)
        head_age = low + self._below(high - low + 1)
        if size == 2 and rng.random() < 0.15:  # single parent and child
            head = _Member(female=rng.random() < 0.7, age=max(head_age, 22), relation="head", marital="divorced")
            return [head, self._child(head if head.female else None, head if not head.female else None, head)]
        head = _Member(female=rng.random() < 0.25, age=head_age, relation="head", marital="married")
        gap = -1 + self._below(8)
        spouse_age = max(18, head_age - gap if not head.female else head_age + gap)
        spouse = _Member(female=not head.female, age=spouse_age, relation="spouse", marital="married")
        head.spouse, spouse.spouse = spouse, head
        members = [head, spouse]
        grandparents = 0
        if size >= 5 and head_age < 55 and rng.random() < 0.55:
            grandparents = min(size - 3, (1, 2)[self._below(2)])
        mother, father = (head, spouse) if head.female else (spouse, head)
        members.extend(self._child(mother, father, head) for _ in range(size - 2 - grandparents))
        if grandparents:
            gp_age = head_age + 22 + self._below(13)
            grandpa = _Member(female=False, age=gp_age + self._below(5), relation="parent", marital="married")
            grandma = _Member(female=True, age=gp_age, relation="parent", marital="married")
            chosen = [grandpa, grandma] if grandparents == 2 else [(grandpa, grandma)[self._below(2)]]
            if grandparents == 1:
                chosen[0].marital = "widowed"
            else:
                grandpa.spouse, grandma.spouse = grandma, grandpa
            head.father = grandpa if grandpa in chosen else None
            head.mother = grandma if grandma in chosen else None
            members.extend(chosen)
        return members

    def _child(self, mother: _Member | None, father: _Member | None, head: _Member) -> _Member:
        parent_age = (mother or father or head).age
        oldest = max(0, min(parent_age - 20, 35))
        age = self._below(oldest + 1)
        return _Member(female=self.rng.random() < 0.485, age=age, relation="child", mother=mother, father=father)

    def csv_lines(self, count: int) -> Iterator[str]:
        """:meth:`rows` as CSV lines, as ``csv.writer`` writes them (only the addresses ever need quotes:
        the names and places of data/names.json hold no comma or quote; tests compare)."""
        for row in self.rows(count):
            perm, cur = row[17], row[19]
            if "," in perm or '"' in perm:
                perm = '"' + perm.replace('"', '""') + '"'
            if "," in cur or '"' in cur:
                cur = '"' + cur.replace('"', '""') + '"'
            yield ",".join((*row[:17], perm, row[18], cur, *row[20:])) + "\n"

    # --- fields ------------------------------------------------------------------------------------
    def _rows_of(self, members: list[_Member]) -> Iterator[Row]:
        rng, below, random_ = self.rng, self._below, self.rng.random
        unit_code, unit_kind = self._unit(rng)
        self._households += 1
        household = f"{unit_code}{(self._households - 1) * self.shards + self.shard + 1:07d}"
        address = self._address(unit_kind)
        ethnicity, religion = ETHNICITIES(rng), RELIGIONS(rng)
        since = _REFERENCE_DAY - (30 + below(25 * 365 - 29))
        head = members[0]
        head_origin = self._province(rng)
        for m in members:
            if m.relation in ("head", "parent") or (m.relation == "spouse" and m.family == ""):
                m.family = self._family(rng)
        if head.father is not None:
            head.family = head.father.family
        # children follow their father's family name and native place (quê quán)
        for m in members:
            m.native = head_origin[1] if m.relation in ("head", "parent") else self._province(rng)[1]
            if m.relation == "child":
                m.family = (m.father or m.mother or head).family
                m.native = (m.father or m.mother or head).native
            m.birth = _REFERENCE_DAY - (m.age * 365 + below(365) + m.age // 4)
            m.year_only = m.age >= 75 and random_() < 0.05
            year = int(_ISO[m.birth - _FIRST_DAY][:4])
            if m.year_only:
                m.birth = dt.date(year, 1, 1).toordinal()
            m.born_in = ("001", "Hà Nội") if m.relation == "child" and random_() < 0.85 else self._province(rng)
            m.pid = self._personal_id(m, year)
        single = len(members) == 1
        for m in members:
            moved = single and m.relation == "head" and random_() < 0.3
            cur_unit, cur_addr = (self._unit(rng)[0], self._address("phường")) if moved else ("", "")
            old_id = self._old_id() if m.age >= 25 and random_() < 0.7 else ""
            birth = _ISO[m.birth - _FIRST_DAY]
            yield (
                m.pid,
                old_id,
                f"{m.family} {self._middle[m.female](rng)} {self._given[m.female](rng)}",
                "F" if m.female else "M",
                birth[:4] if m.year_only else birth,
                ethnicity,
                religion,
                "VN",
                m.native,
                m.born_in[1],
                m.marital if m.age >= 18 else "single",
                m.father.pid if m.father else "",
                m.mother.pid if m.mother else "",
                m.spouse.pid if m.spouse else "",
                household,
                m.relation,
                unit_code,
                address,
                cur_unit,
                cur_addr,
                _ISO[max(since, m.birth) - _FIRST_DAY],
                "",
            )

    def _personal_id(self, m: _Member, year: int) -> str:
        prefix = f"{m.born_in[0]}{(year // 100 - 19) * 2 + int(m.female)}{year % 100:02d}"
        offset = self._offsets.get(prefix)
        if offset is None:
            offset = self._offsets[prefix] = (int(prefix) * 104_729) % 1_000_000
        while True:
            n = self._counters.get(prefix, 0)
            self._counters[prefix] = n + 1
            k = n * self.shards + self.shard
            if k >= 1_000_000:
                raise OverflowError(f"more than a million people in bucket {prefix}")
            pid = f"{prefix}{(k * 7_919 + offset) % 1_000_000:06d}"  # 7919 is coprime with 10**6
            if pid not in self.reserved_ids:
                return pid

    def _old_id(self) -> str:
        self._old_ids += 1
        n = (self._old_ids - 1) * self.shards + self.shard + 1
        return f"01{(n * 7_919 + 1_234_567) % 10_000_000:07d}"

    def _address(self, unit_kind: str) -> str:
        below = self._below
        if unit_kind.lower() == "phường":
            return f"Số {1 + below(250)}, ngõ {1 + below(400)}, phố {self._streets[below(len(self._streets))]}"
        return f"Số nhà {1 + below(300)}, {self._hamlets[below(len(self._hamlets))]}"
