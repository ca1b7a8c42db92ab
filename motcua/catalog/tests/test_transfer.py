"""Export and import: a stable JSON document, all-or-nothing import with every problem's path."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services.transfer import catalog_export, catalog_import

pytestmark = pytest.mark.django_db


def test_round_trip_into_an_empty_database_is_identical(demo_catalog):
    first = json.dumps(catalog_export(), ensure_ascii=False, sort_keys=True)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    summary = catalog_import(actor_id=None, document=json.loads(first))
    assert summary.created >= 40
    assert json.dumps(catalog_export(), ensure_ascii=False, sort_keys=True) == first


def test_importing_the_same_document_again_changes_nothing(demo_catalog):
    document = catalog_export()
    summary = catalog_import(actor_id=None, document=document)
    assert summary.created == 0
    assert summary.unchanged == ProcedureVersion.objects.count()


def test_an_invalid_import_reports_every_problem_and_imports_nothing(demo_catalog):
    document = catalog_export(codes=["1.001193", "1.000894"])
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    document["procedures"][0]["versions"][0]["definition"]["processes"][0]["steps"][1]["agency"] = None
    document["procedures"][1]["versions"][0]["definition"]["form"]["json_schema"]["type"] = "thing"
    with pytest.raises(InvalidDefinition) as caught:
        catalog_import(actor_id=None, document=document)
    paths = {p.path for p in caught.value.problems}
    assert "procedures[0].versions[0].definition.processes[0].steps[1].agency" in paths
    assert any(p.startswith("procedures[1].versions[0].definition.form.json_schema") for p in paths)
    assert not Procedure.objects.exists()


def test_a_changed_published_version_cannot_be_overwritten(demo_catalog):
    document = catalog_export(codes=["1.001193"])
    document["procedures"][0]["versions"][0]["definition"]["name"] = "Something else"
    with pytest.raises(InvalidDefinition) as caught:
        catalog_import(actor_id=None, document=document)
    assert caught.value.problems[0].path == "procedures[0]"


def test_a_wrong_format_is_refused():
    with pytest.raises(InvalidDefinition) as caught:
        catalog_import(actor_id=None, document={"procedures": []})
    assert caught.value.problems[0].path == "format"


def test_management_commands_round_trip(demo_catalog, tmp_path):
    target = tmp_path / "catalog.json"
    call_command("catalog_export", str(target), "--code", "1.001193")
    data = json.loads(target.read_text("utf-8"))
    assert [p["code"] for p in data["procedures"]] == ["1.001193"]
    call_command("catalog_import", str(target), "--dry-run")
