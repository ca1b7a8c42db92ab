"""Property: for random dossier histories (intakes, transfers, supplements, results, withdrawals and stops across
period boundaries), every cell of Biểu 06 computed from the rollups equals a brute-force recount from the raw
dossiers and their audit trail — however the consumer's batches fall between the moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.drilldown import MEASURES, behind, counts, dossier_cells
from motcua.statistics.index766 import index766
from motcua.statistics.levels import month_of, next_month
from motcua.statistics.models import DossierFact
from motcua.statistics.selectors import agencies_under, form06
from motcua.statistics.services import rollups_rebuild, rollups_update, rollups_update_all
from motcua.statistics.tests.recount import (
    ACTIONS,
    EXTRAS,
    RESOLVE,
    act,
    at,
    extra,
    intake,
    recount,
    recount766,
    working_day,
)

VERBS = sorted(ACTIONS)
histories = st.lists(
    st.tuples(
        st.integers(0, 6),
        st.sampled_from(["in_person", "online", "post"]),
        st.lists(
            st.tuples(st.sampled_from([*VERBS, *EXTRAS, "resolve", "resolve", "resolve"]), st.integers(0, 6)),
            max_size=6,
        ),
    ),
    min_size=1,
    max_size=5,
)
periods = st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), min_size=1, max_size=3)


def behind_ids(measure: str, date_from: dt.date, date_to: dt.date) -> list[int]:
    return list(DossierFact.objects.filter(behind(measure, date_from, date_to)).values_list("dossier_id", flat=True))


def _period(a: int, b: int) -> tuple[dt.date, dt.date]:
    """A period between two working days, sometimes stretched to whole months (monthly rollups, balances)."""
    date_from, date_to = working_day(min(a, b)), working_day(max(a, b)) + dt.timedelta(days=a % 2)
    if a % 3 == 0:
        date_from = date_from.replace(day=1)
    if b % 3 == 0:
        date_to = next_month(month_of(date_to)) - dt.timedelta(days=1)
    return date_from, date_to


@examples(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=histories, periods=periods, batch=st.integers(1, 7), settings_max=st.integers(1, 2))
def test_every_cell_equals_a_recount(
    staff: Staff,
    settings: Any,
    histories: list[tuple[int, str, list[tuple[str, int]]]],
    periods: list[tuple[int, int]],
    batch: int,
    settings_max: int,
) -> None:
    settings.DOSSIERS_MAX_SUPPLEMENTS = settings_max
    for start, channel, moves in histories:
        d = intake(staff, at(working_day(start)), channel)
        offset = start
        for verb, gap in moves:
            offset += gap
            if verb in EXTRAS:
                extra(staff, d.pk, verb)
            for step in RESOLVE if verb == "resolve" else () if verb in EXTRAS else (verb,):
                act(staff, d.pk, step, at(working_day(offset), 8 + gap))
            rollups_update(batch=batch)
    rollups_update_all()
    scope = agencies_under([staff.desk.pk])
    for a, b in periods:
        date_from, date_to = _period(a, b)
        report = form06(allowed=scope, agency_code=staff.desk.code, date_from=date_from, date_to=date_to)
        assert report.total.values == recount({staff.desk.pk}, date_from, date_to)
        index = index766(allowed=scope, agency_code=staff.desk.code, date_from=date_from, date_to=date_to)
        expected = recount766({staff.desk.pk}, date_from, date_to)
        by_code = {i.code: i for i in index.indicators}
        assert (by_code["2.1"].numerator, by_code["2.1"].denominator) == (expected["on_time"], expected["handled"])
        assert (by_code["3.3"].numerator, by_code["3.3"].denominator) == (expected["online"], expected["received"])
        assert by_code["4.3"].numerator == expected["reused"]
        assert by_code["4.2"].numerator == expected["digitised_results"]
        assert (by_code["3.6"].numerator, by_code["3.6"].denominator) == (
            expected["paid_online"],
            expected["fee_bearing"],
        )
        assert (by_code["4.1"].numerator, by_code["4.1"].denominator) == (expected["e_results"], expected["resolved"])
        satisfaction = max(0, expected["resolved"] - expected["late"] - expected["unhappy"])
        assert (by_code["5.4"].numerator, by_code["5.4"].denominator) == (satisfaction, expected["resolved"])
        assert (by_code[""].numerator, by_code[""].denominator) == (expected["satisfied"], expected["ratings"])
        # the drill-down lists exactly as many dossiers as each figure counts
        cells = {
            pk: dossier_cells(days, due, date_from, date_to)
            for pk, days, due in DossierFact.objects.values_list("dossier_id", "contributions", "due_day")
        }
        flags = ("on_time", "handled", "reused", "digitised_results", "fee_bearing", "paid_online", "e_results")
        figures = {**report.total.values, **{k: expected[k] for k in (*flags, "ratings", "satisfied", "unhappy")}}
        for measure in MEASURES:
            # the query on the stored facts picks the very dossiers the per-dossier rule picks
            reference = {pk for pk, c in cells.items() if counts(c, measure)}
            assert set(behind_ids(measure, date_from, date_to)) == reference, measure
            if measure in figures:
                assert len(reference) == figures[measure], measure
        if expected["resolved"]:
            assert index.average_processing_days == round(expected["seconds"] / expected["resolved"] / 86400, 2)
        assert sum(r.values["received_total"] for r in report.rows) == report.total.values["received_total"]
    assert rollups_rebuild(write=False) == []
