"""The access log is append-only: the database refuses an UPDATE of its rows (PostgreSQL and SQLite)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION registry_accesslog_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'registry_accesslog is append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER registry_accesslog_no_update BEFORE UPDATE ON registry_accesslog
FOR EACH ROW EXECUTE FUNCTION registry_accesslog_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS registry_accesslog_no_update ON registry_accesslog;
DROP FUNCTION IF EXISTS registry_accesslog_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER registry_accesslog_no_update BEFORE UPDATE ON registry_accesslog
BEGIN SELECT RAISE(ABORT, 'registry_accesslog is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS registry_accesslog_no_update;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
