"""Tasks of the shared kernel. ``heartbeat`` proves the queue and its worker run end to end."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django_tasks import task


@task()
def heartbeat(label: str) -> dict[str, str]:
    """Touch the database from the worker and report when and where the task ran."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"label": label, "ran_at": timezone.now().isoformat(), "vendor": connection.vendor}
