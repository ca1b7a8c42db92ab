"""Migration 0003 fills the drill-down's columns and stretches from the contributions stored before it."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.models import ActiveSpan, DossierFact
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import ACTIONS, RESOLVE, act, at, intake, working_day

SUMMARY = ("received_day", "received_online", "ended_day", "ended_as", "late_supplements", "e_results")


def _stored() -> tuple[list[Any], list[Any]]:
    facts = list(DossierFact.objects.order_by("pk").values_list("pk", *SUMMARY))
    spans = list(
        ActiveSpan.objects.order_by("dossier_id", "start_day").values_list("dossier_id", "start_day", "end_day")
    )
    return facts, spans


def test_the_backfill_rebuilds_the_columns_and_stretches(staff: Staff) -> None:
    done = intake(staff, at(working_day(0)), "online")
    for verb in RESOLVE:
        act(staff, done.pk, verb, at(working_day(2)))
    paused = intake(staff, at(working_day(1)))
    ACTIONS["supplement"](staff, paused.pk, at(working_day(2)))
    ACTIONS["answer"](staff, paused.pk, at(working_day(3)))
    intake(staff, at(working_day(3)))
    rollups_update_all()
    before = _stored()
    assert len(before[1]) == 4  # done: 1 stretch, paused: 2, the last one: 1
    # as the rows were before the migration: contributions only
    DossierFact.objects.update(
        received_day=None, received_online=False, ended_day=None, ended_as="", late_supplements=False, e_results=False
    )
    ActiveSpan.objects.all().delete()
    migration = importlib.import_module("motcua.statistics.migrations.0003_drilldown_columns")
    migration.backfill(apps, None)
    assert _stored() == before
