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
