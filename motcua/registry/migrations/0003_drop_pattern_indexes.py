"""PostgreSQL: drop the ``varchar_pattern_ops`` copies Django adds to the indexes of character keys.

They serve only ``LIKE 'prefix%'`` queries, which nothing runs on personal IDs or household numbers
(the admin searches IDs by equality), yet each one is rebuilt by every initial bulk load and grows with
every insert: at 8.7 million people they are 480 MB, a third of the register's index build.
"""

from django.db import migrations

# (index, table, column): the names Django derives from the table and column, the same on every database.
PATTERN_INDEXES = (
    ("registry_person_personal_id_0bab29ce_like", "registry_person", "personal_id"),
    ("registry_person_household_id_6c47d043_like", "registry_person", "household_id"),
    ("registry_household_code_dd27058f_like", "registry_household", "code"),
)


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _, _ in PATTERN_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table, column in PATTERN_INDEXES:
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}" varchar_pattern_ops)')


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_access_log_append_only")]
    operations = [migrations.RunPython(up, down)]
