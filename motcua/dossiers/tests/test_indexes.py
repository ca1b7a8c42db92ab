"""Every filing and every move writes each index of the dossier and audit tables: none may be a copy of another
or the leading columns of another (which serves the same lookups). PostgreSQL, where the indexes are planned."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.dossiers.models import AuditEntry, Dossier

pytestmark = pytest.mark.django_db

_INDEXES = """
SELECT c.relname, i.indisunique, i.indpred IS NOT NULL,
       ARRAY(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o),
       ARRAY(SELECT a.attname FROM unnest(i.indkey[i.indnkeyatts:]) k(n)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n),
       ARRAY(SELECT opc.opcname FROM unnest(i.indclass) WITH ORDINALITY k(n, o)
             JOIN pg_opclass opc ON opc.oid = k.n ORDER BY k.o)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass
"""


@pytest.mark.parametrize("model", [Dossier, AuditEntry])
def test_no_index_is_the_leading_part_of_another(model: type[Dossier] | type[AuditEntry]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: its planner and its varchar_pattern_ops copies are what this is about")
    with connection.cursor() as cursor:
        cursor.execute(_INDEXES, [model._meta.db_table])
        indexes = cursor.fetchall()
    assert indexes
    plain = [
        (name, keys, set(extra)) for name, unique, partial, keys, extra, _ops in indexes if not unique and not partial
    ]
    for name, keys, extra in plain:
        # another index whose leading keys are these, and which holds whatever this one includes besides
        covering = [
            other for other, _u, partial, other_keys, other_extra, _ops in indexes
            if other != name and not partial and other_keys[: len(keys)] == keys
            and extra <= set(other_keys) | set(other_extra)
        ]  # fmt: skip
        assert not covering, f"{name} {keys} is served by {covering}"
    patterns = [name for name, _u, _p, _k, _e, ops in indexes if any(op.endswith("_pattern_ops") for op in ops)]
    assert not patterns, f"LIKE 'prefix%' copies: {patterns}"
