"""The initial load's set of personal IDs behaves as a set, whatever the sizes and order of the batches."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.registry.seen import SeenIds, as_ids, from_strings, has_repeat

IDS = st.integers(min_value=0, max_value=999_999_999_999)


@settings(max_examples=200, deadline=None)
@given(batches=st.lists(st.lists(IDS, max_size=40), max_size=30), probes=st.lists(IDS, max_size=40))
def test_behaves_as_a_set(batches: list[list[int]], probes: list[int]) -> None:
    seen, reference = SeenIds(), set()
    for batch in batches:
        seen.add(np.array(batch, dtype=np.int64))
        reference.update(batch)
        asked = np.array(probes + batch[:3], dtype=np.int64)
        assert seen.contains(asked).tolist() == [x in reference for x in asked.tolist()]
    assert sorted(np.concatenate(seen.runs).tolist() if seen.runs else []) == sorted(
        x for batch in batches for x in batch
    )
    sizes = [len(run) for run in seen.runs]
    assert all(a >= 2 * b for a, b in pairwise(sizes))  # few runs: log2 of the count


def test_ids_as_text_and_repeats() -> None:
    ids = as_ids("001090012345000000000001999999999999")
    assert ids.tolist() == [1090012345, 1, 999_999_999_999]
    assert from_strings(["001090012345", "000000000001"]).tolist() == [1090012345, 1]
    assert from_strings([]).tolist() == []
    assert not has_repeat(ids)
    assert has_repeat(from_strings(["001090012345", "000000000001", "001090012345"]))
    assert not SeenIds().any_of(ids)
