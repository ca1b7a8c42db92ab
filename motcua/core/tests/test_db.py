"""``prepared_cursor``: PostgreSQL prepares the block's statements, and only those."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.core.db import prepared_cursor

pytestmark = pytest.mark.django_db


def test_the_prepared_cursor_answers_on_every_database() -> None:
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone()[0] == 42


def test_only_the_blocks_statements_are_prepared() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the other databases get a plain cursor")
    for n in range(3):
        with prepared_cursor() as cursor:
            cursor.execute("SELECT %s::int + 1", [n])
            assert cursor.fetchone() == (n + 1,)
    for n in range(8):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 2", [n])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        statements = cursor.fetchall()
    assert [runs for text, runs in statements if "+ 1" in text] == [3]
    assert not [text for text, _runs in statements if "+ 2" in text]
