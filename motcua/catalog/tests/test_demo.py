from __future__ import annotations

import json

import pytest

from motcua.catalog.constants import Level, OnlineLevel
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services.demo import DATA, catalog_load_demo


def test_the_data_file_keeps_sources_and_unknowns():
    facts = json.loads(DATA.read_text("utf-8"))["procedures"]
    assert len(facts) >= 40
    assert all(f["source"] for f in facts)
    # Hà Nội fees the source does not give stay unknown, never invented.
    marriage_recognition = next(f for f in facts if f["code"] == "1.000689")
    assert all(fee["amount_vnd"] is None for fee in marriage_recognition["fees"])


@pytest.mark.django_db
def test_demo_catalogue_is_loaded_idempotently():
    first = catalog_load_demo()
    assert first.created >= 40
    again = catalog_load_demo()
    assert again.created == 0
    assert ProcedureVersion.objects.count() == first.created
    levels = {lvl for p in Procedure.objects.all() for lvl in p.levels.split()}
    assert {Level.COMMUNE, Level.PROVINCE} <= levels
    assert Procedure.objects.filter(online_level=OnlineLevel.FULL).exists()
    assert Procedure.objects.filter(is_group=True).exists()


@pytest.mark.django_db
def test_some_demo_processes_go_from_the_commune_to_a_city_department(demo_catalog):
    version = ProcedureVersion.objects.get(procedure__code="2.002516")
    agencies = {(s["agency"]["kind"], s["agency"]["level"]) for s in version.definition["processes"][0]["steps"]}
    assert ("one_stop_desk", "commune") in agencies
    assert ("department", "province") in agencies
