"""Property: a process is accepted exactly when its longest forward path fits the statutory time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.definition import ProcedureDefinition, Process
from motcua.catalog.validation.process import longest_path_hours, process_problems

AGENCY = {"kind": "peoples_committee", "level": "commune"}


def _process(budgets: list[float], branch: list[float], back: bool) -> Process:
    n = len(budgets)
    steps = [
        {
            "id": f"s{i}",
            "name": f"Bước {i}",
            "agency": AGENCY,
            "role": "specialist",
            "budget": {"amount": b, "unit": "hours"},
            "status": 4,
        }
        for i, b in enumerate(budgets)
    ]
    steps += [
        {
            "id": f"b{i}",
            "name": f"Nhánh {i}",
            "agency": AGENCY,
            "role": "specialist",
            "budget": {"amount": b, "unit": "hours"},
            "status": 4,
        }
        for i, b in enumerate(branch)
    ]
    steps.append({"id": "end", "name": "Xong", "agency": AGENCY, "status": 10, "final": True})
    actions = [
        {
            "id": f"a{i}",
            "kind": "transfer",
            "source": f"s{i}",
            "target": f"s{i + 1}" if i + 1 < n else "end",
            "actors": ["specialist"],
        }
        for i in range(n)
    ]
    if branch:  # an alternative route from the first step that rejoins at the end
        actions.append({"id": "fork", "kind": "transfer", "source": "s0", "target": "b0", "actors": ["leader"]})
        actions += [
            {
                "id": f"c{i}",
                "kind": "transfer",
                "source": f"b{i}",
                "target": f"b{i + 1}" if i + 1 < len(branch) else "end",
                "actors": ["specialist"],
            }
            for i in range(len(branch))
        ]
    if back and n > 1:
        actions.append({"id": "back", "kind": "send_back", "source": f"s{n - 1}", "target": "s0", "actors": ["leader"]})
    return Process.model_validate({"start": "s0", "steps": steps, "actions": actions})


BUDGETS = st.lists(st.integers(0, 16).map(lambda q: q / 4), min_size=1, max_size=6)


@given(
    budgets=BUDGETS,
    branch=st.lists(st.integers(0, 16).map(lambda q: q / 4), max_size=4),
    back=st.booleans(),
    limit=st.integers(0, 24),
)
def test_accepted_exactly_when_the_longest_path_fits(budgets, branch, back, limit):
    process = _process(budgets, branch, back)
    definition = ProcedureDefinition.model_validate(
        {
            "code": "1.000001",
            "name": "Thử",
            "levels": ["commune"],
            "channels": ["in_person"],
            "times": [{"amount": limit, "unit": "hours"}],
        }
    )
    longest = max(sum(budgets), budgets[0] + sum(branch)) if branch else sum(budgets)
    assert longest_path_hours(process, online=False) == longest
    assert (process_problems(process, definition) == []) == (longest <= limit)
