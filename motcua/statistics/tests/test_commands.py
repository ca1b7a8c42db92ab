"""The consumer never loses or double-counts: re-reads, interruptions and the rebuild."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.models import Rollup, Watermark
from motcua.statistics.services import CONSUMER, rollups_rebuild, rollups_update, rollups_update_all
from motcua.statistics.tasks import statistics_update
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, working_day


def _totals() -> dict[str, int]:
    rows = list(Rollup.objects.values_list("received_other", "resolved_early", "active"))
    return {"received": sum(r[0] for r in rows), "early": sum(r[1] for r in rows), "active": sum(r[2] for r in rows)}


def test_rereading_entries_counts_them_once(staff: Staff) -> None:
    d = intake(staff, at(working_day(0)))
    for verb in RESOLVE:
        act(staff, d.pk, verb, at(working_day(1)))
    assert rollups_update_all() > 0
    once = _totals()
    # move the watermark back (as after a crash before it was saved): the same entries are read again
    Watermark.objects.filter(name=CONSUMER).update(last_entry_id=0)
    rollups_update_all()
    assert _totals() == once == {"received": 1, "early": 1, "active": 0}
    assert rollups_update().entries == 0


def test_commands_and_task(staff: Staff) -> None:
    intake(staff, at(working_day(0)))
    out = io.StringIO()
    call_command("statistics_update", "--batch", "2", stdout=out)
    assert "audit entries processed" in out.getvalue()
    call_command("statistics_rebuild", "--check", stdout=io.StringIO())
    Rollup.objects.update(received_other=7)
    report = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("statistics_rebuild", "--check", stdout=report)
    assert "received_other stored 7, recounted 1" in report.getvalue()
    call_command("statistics_rebuild", stdout=io.StringIO())
    assert rollups_rebuild(write=False) == []
    intake(staff, at(working_day(1)))
    statistics_update.call()
    assert _totals()["received"] == 2
