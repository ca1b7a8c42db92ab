"""PostgreSQL: the import's second connection (residences and households written beside the people)
keeps every property: a crash between its commit and the main one is repaired on resume, and a batch
redone slowly (a person twice in it) leaves nothing behind from that connection."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.geo.services import units_load
from motcua.registry.generator import PopulationGenerator
from motcua.registry.models import ImportRun
from motcua.registry.services import imports
from motcua.registry.services.imports import population_import
from motcua.registry.tests.test_import import Crash, N, _check_complete, _report, _units, _write

pytestmark = pytest.mark.django_db(transaction=True)


def _orphans() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM registry_residence r WHERE NOT EXISTS "
            "(SELECT 1 FROM registry_person p WHERE p.personal_id = r.person_id)"
        )
        return int(cursor.fetchone()[0])


def test_crash_between_the_two_commits_then_resume_and_a_repeat_in_a_batch(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the second connection is PostgreSQL's")
    units_load(province="01")  # a transactional test starts from empty tables
    settings.REGISTRY_IMPORT_WORKERS = 2
    rows = list(PopulationGenerator(seed=21, units=_units()).rows(N))
    rows[2300] = rows[2200]  # the fourth batch of 700 holds a person twice: it is redone the slow way
    path = tmp_path / "people.csv"
    good, expected = _write(path, rows)
    good.remove(rows[2300])
    expected[2302] = "personal_id: duplicate of line 2202"
    assert imports._two_connections()
    seen = []

    def crash_on_third(line: int) -> None:
        seen.append(line)
        if len(seen) == 3:
            raise Crash  # after the second connection committed, before the main one did

    with pytest.raises(Crash):
        population_import(path=path, actor="test", batch_size=700, after_batch=crash_on_third)
    assert ImportRun.objects.get().line == 1 + 2 * 700
    assert _orphans() > 0
    result = population_import(path=path, actor="test", batch_size=700)
    assert result.resumed and _orphans() == 0
    _check_complete(good, expected, _report(result.report))
    names = set(connection.introspection.get_constraints(connection.cursor(), "registry_residence"))
    assert "registry_residence_person" in names
