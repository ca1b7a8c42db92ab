"""The management commands, end to end on a small population."""

from __future__ import annotations

import io

from django.core.management import call_command

from motcua.registry.models import Person


def test_generate_export_import(db, tmp_path):
    csv_file = tmp_path / "people.csv"
    call_command("registry_generate", "--count", "500", "--seed", "3", "--csv", str(csv_file), stdout=io.StringIO())
    assert len(csv_file.read_text("utf-8").splitlines()) == 501
    out = io.StringIO()
    call_command("registry_import", str(csv_file), stdout=out)
    assert "500 people added" in out.getvalue()
    assert Person.objects.count() == 500
    again = io.StringIO()
    call_command("registry_import", str(csv_file), stdout=again)
    assert "already imported" in again.getvalue()
    exported = tmp_path / "export.csv"
    call_command("registry_export", str(exported), stdout=io.StringIO())
    assert sorted(exported.read_text("utf-8").splitlines()[1:]) == sorted(csv_file.read_text("utf-8").splitlines()[1:])
    direct = io.StringIO()
    call_command("registry_generate", "--count", "500", "--seed", "3", stdout=direct)
    assert "0 people added" in direct.getvalue()


def test_demo_loader_is_idempotent_and_has_the_demo_citizen(db):
    from motcua.registry.services.population import DEMO_PERSONAL_ID, registry_load_demo

    assert registry_load_demo(count=400) == 400
    assert registry_load_demo(count=400) == 0
    demo = Person.objects.get(pk=DEMO_PERSONAL_ID)
    assert demo.full_name == "Nguyễn Văn An"
    assert demo.residences.get().unit.code == "00070"
    assert Person.objects.count() == 401
