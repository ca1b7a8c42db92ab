"""The access log is append-only: the database refuses an UPDATE of its rows (PostgreSQL and SQLite)."""

from django.db import migrations

from motcua.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [append_only("registry_accesslog")]
