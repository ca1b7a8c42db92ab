"""Tables the database itself keeps append-only: a trigger refuses every UPDATE of their rows (PostgreSQL
and SQLite), so a log of who read what cannot be rewritten even by code that bypasses the models."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _statements(table: str) -> dict[str, tuple[str, str]]:
    """(create, drop) per database vendor; ``table`` is a migration's constant, never input."""
    function, trigger = f"{table}_append_only", f"{table}_no_update"
    return {
        "postgresql": (
            (
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$\n"
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;\n"
                f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}\n"
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            ),
            f"DROP TRIGGER IF EXISTS {trigger} ON {table};\nDROP FUNCTION IF EXISTS {function}();",
        ),
        "sqlite": (
            (
                f"CREATE TRIGGER {trigger} BEFORE UPDATE ON {table}\n"
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            ),
            f"DROP TRIGGER IF EXISTS {trigger};",
        ),
    }


def append_only(table: str) -> migrations.RunPython:
    """A migration operation that makes ``table`` append-only (and, reversed, no longer)."""

    def run(schema_editor: Any, index: int) -> None:
        sql = _statements(table).get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql[index])

    return migrations.RunPython(
        lambda apps, schema_editor: run(schema_editor, 0), lambda apps, schema_editor: run(schema_editor, 1)
    )
