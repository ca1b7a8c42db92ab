"""Shared pieces of the benchmarks: the printed figure, and a throw-away database for Django ones."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    context: str

    def line(self) -> str:
        value = f"{self.value:,.0f}" if self.value >= 100 else f"{self.value:.3g}"
        return f"bench: {self.name} {value} {self.unit} ({self.context})"


def django_setup(database_url: str | None = None) -> str:
    """Set Django up on a fresh SQLite file (or ``database_url``), migrated; return the database vendor."""
    os.environ.setdefault("MOTCUA_VAR_DIR", tempfile.mkdtemp(prefix="motcua-bench-"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{os.environ['MOTCUA_VAR_DIR']}/bench.sqlite3"
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")
    os.environ.setdefault("MOTCUA_RATELIMIT", "false")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings.base"
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    return connection.vendor
