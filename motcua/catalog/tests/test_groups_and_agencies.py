"""Interconnected groups (liên thông) and resolving a step's agency for a receiving commune."""

from __future__ import annotations

import pytest

from motcua.agencies.constants import AgencyKind
from motcua.catalog.constants import Level
from motcua.catalog.definition import AgencyRef
from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import agency_resolve, procedure_get, procedure_group_parts, version_definition
from motcua.catalog.services.transfer import catalog_export, catalog_import

pytestmark = pytest.mark.django_db


def test_a_group_spawns_its_parts_and_asks_their_questions_once(demo_catalog):
    parts = procedure_group_parts(code="2.001023")
    assert [p.code for p, _v in parts] == ["1.001193"]
    _g, group = procedure_get(code="2.001023")
    group_form, part_form = version_definition(group).form, version_definition(parts[0][1]).form
    assert group_form is not None
    assert part_form is not None
    group_fields, part_fields = set(group_form.json_schema["properties"]), set(part_form.json_schema["properties"])
    assert part_fields <= group_fields
    assert "insurance_place" in group_fields - part_fields


def test_a_group_naming_an_unknown_procedure_is_refused(demo_catalog):
    document = catalog_export(codes=["2.001023"])
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    with pytest.raises(InvalidDefinition) as caught:
        catalog_import(actor_id=None, document=document)
    assert "1.001193" in caught.value.problems[0].message


def test_agencies_resolve_by_type_level_and_name(commune_pc):
    commune = agency_resolve(
        ref=AgencyRef(kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.COMMUNE), receiving_unit_code=commune_pc.unit.code
    )
    assert commune == commune_pc
    desk = agency_resolve(
        ref=AgencyRef(kind=AgencyKind.ONE_STOP_DESK, level=Level.COMMUNE), receiving_unit_code=commune_pc.unit.code
    )
    assert desk is not None
    assert desk.parent == commune_pc
    justice = agency_resolve(
        ref=AgencyRef(kind=AgencyKind.DEPARTMENT, level=Level.PROVINCE, name="Sở Tư pháp"),
        receiving_unit_code=commune_pc.unit.code,
    )
    assert justice is not None
    assert justice.name == "Sở Tư pháp"
