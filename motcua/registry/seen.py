"""The personal IDs an initial bulk load has written, kept in memory: during that load the person table has
no primary key (it is built once at the end, sorting being several times cheaper than millions of random
index insertions), so repeats are found here instead.

IDs are 12 digits, so each fits an int64: 8.7 million take 70 MB. They are kept as sorted runs of
decreasing size (merged as they grow, as in a log-structured merge tree), so adding a batch costs a
sort of the batch and looking one up costs a binary search per run. A table of 64 million one-byte marks
(by a hash of the ID) answers "surely not there" for most IDs first, so only about one in eight is searched.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from django.db import connection

Ids = npt.NDArray[np.int64]


def as_ids(text: str) -> Ids:
    """The IDs of :attr:`~motcua.registry.blocks.Prepared.ids` (12 digits each, run together) as integers."""
    return np.frombuffer(text.encode("ascii"), dtype="S12").astype(np.int64)


def from_strings(ids: Iterable[str]) -> Ids:
    return as_ids("".join(ids))


def has_repeat(ids: Ids) -> bool:
    ordered = np.sort(ids)
    return bool(np.any(ordered[1:] == ordered[:-1]))


_MARK_BITS = 26
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the high bits of id × 2^64/φ


def _slots(ids: Ids) -> npt.NDArray[np.uint64]:
    return (ids.astype(np.uint64) * _GOLDEN) >> np.uint64(64 - _MARK_BITS)


class SeenIds:
    """A set of personal IDs as sorted int64 runs, with a table of marks in front."""

    def __init__(self) -> None:
        self.runs: list[Ids] = []
        self.marks: npt.NDArray[np.uint8] | None = None  # made on the first add (64 MB)

    def __len__(self) -> int:
        return sum(len(run) for run in self.runs)

    def contains(self, ids: Ids) -> npt.NDArray[np.bool_]:
        """Which of ``ids`` are in the set. Sorted ``ids`` are found several times faster (each search
        starts where the last one ended, in memory already cached)."""
        found = np.zeros(len(ids), dtype=bool)
        if self.marks is None:
            return found
        maybe = np.flatnonzero(self.marks[_slots(ids)])
        probes = ids[maybe]
        hit = np.zeros(len(probes), dtype=bool)
        for run in self.runs:
            at = np.searchsorted(run, probes)
            hit |= run[np.minimum(at, len(run) - 1)] == probes
        found[maybe] = hit
        return found

    def any_of(self, ids: Ids) -> bool:
        return bool(self.contains(np.sort(ids)).any()) if len(ids) else False

    def add(self, ids: Ids) -> None:
        if not len(ids):
            return
        if self.marks is None:
            self.marks = np.zeros(1 << _MARK_BITS, dtype=np.uint8)
        self.marks[_slots(ids)] = 1
        self.runs.append(np.sort(ids))
        # keep each run at least twice the size of the next: about log2(n / batch) runs
        while len(self.runs) > 1 and len(self.runs[-2]) < 2 * len(self.runs[-1]):
            last = self.runs.pop()
            self.runs[-1] = np.sort(np.concatenate((self.runs[-1], last)), kind="stable")

    @classmethod
    def from_register(cls) -> SeenIds:
        """Everyone in the person table (PostgreSQL): to resume an initial load."""
        seen = cls()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY (SELECT personal_id FROM registry_person) TO STDOUT") as copy,
        ):
            pending = b""
            for block in copy:
                data = pending + bytes(block)
                cut = len(data) - len(data) % 13  # whole lines only: 12 digits and a newline each
                if cut:
                    seen.add(np.frombuffer(data[:cut], dtype="S13").astype(np.int64))
                pending = data[cut:]
        return seen
