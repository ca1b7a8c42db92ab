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


def test_a_period_reads_at_most_half_a_month_of_daily_rows_at_each_end() -> None:
    from motcua.statistics.selectors import plan

    d = dt.date
    how = plan(d(2026, 2, 3), d(2026, 12, 28), horizon=d(2027, 1, 1))
    # 3 February: the February row minus 1–2 February; 28 December: the December row minus 29–31 December
    assert how.months == frozenset(d(2026, m, 1) for m in range(2, 13))
    assert how.plus == () and how.minus == ((d(2026, 2, 1), d(2026, 2, 3)), (d(2026, 12, 29), d(2027, 1, 1)))
    # open at 3 February: the balance of 1 February plus two days; in progress at the end: January's balance
    # minus 29–31 December
    assert how.start == (d(2026, 2, 1), (d(2026, 2, 1), d(2026, 2, 3)), 1)
    assert how.end == (d(2027, 1, 1), (d(2026, 12, 29), d(2027, 1, 1)), -1)
    # a short period inside a month: its own days; past the horizon: the horizon's balance and the days after
    short = plan(d(2026, 3, 10), d(2026, 3, 12), horizon=d(2026, 3, 1))
    assert short.plus == ((d(2026, 3, 10), d(2026, 3, 13)),) and not short.months and not short.minus
    assert short.end == (d(2026, 3, 1), (d(2026, 3, 1), d(2026, 3, 13)), 1)
    assert plan(d(2026, 1, 1), d(2026, 12, 31), None).start == (None, (None, d(2026, 1, 1)), 1)
