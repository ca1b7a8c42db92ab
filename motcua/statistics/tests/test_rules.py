"""Pure rules: the day comparison of Biểu 06 and the Decision 766 score formula."""

from __future__ import annotations

import datetime as dt

from motcua.statistics.facts import resolution
from motcua.statistics.index766 import score


def test_resolution_compares_days() -> None:
    due = dt.date(2026, 3, 6)
    assert resolution(due, due) == "resolved_on_time"
    assert resolution(due - dt.timedelta(days=1), due) == "resolved_early"
    assert resolution(due + dt.timedelta(days=1), due) == "resolved_late"
    assert resolution(due, None) == "resolved_on_time"


def test_score_full_marks_at_the_threshold_else_proportional() -> None:
    assert score(0.5, 0.5, 12) == 12
    assert score(0.9, 0.5, 12) == 12
    assert score(0.25, 0.5, 12) == 6
    assert score(None, 0.5, 12) is None
    assert score(0.4, None, None) is None


def test_add_counts_adds_to_existing_rows_and_creates_missing_ones(db: None) -> None:
    from motcua.statistics.levels import add_counts
    from motcua.statistics.models import Balance

    keys = ("agency_id", "procedure_code", "field_code", "month", "due_day")
    march, due = dt.date(2026, 3, 1), dt.date(2026, 3, 6)
    add_counts(Balance, keys, {(1, "p", "f", march, None): {"open": 1, "active": 1}})
    add_counts(
        Balance,
        keys,
        {(1, "p", "f", march, None): {"open": 2, "active": 0}, (1, "p", "f", march, due): {"open": 1, "active": -1}},
    )
    rows = {r.due_day: (r.open, r.active) for r in Balance.objects.all()}
    assert rows == {None: (3, 1), due: (1, -1)}
