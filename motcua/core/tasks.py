"""Tasks of the shared kernel: queueing work after a commit, and ``heartbeat``, which proves the queue and its
worker run end to end."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend


def enqueue_after_commit(queued: Task[Any, Any], *args: Any) -> None:
    """Queue ``queued`` so that it runs only once the current transaction commits, and never if it rolls back.

    With the database queue the task's row is written inside that transaction (an outbox): the change and the
    work it calls for commit together, with no commit of their own. A failure to write it fails the change.
    With any other queue the task is queued after the commit; a failure then is logged, never raised into
    the request whose change is already committed."""
    if connection.in_atomic_block and isinstance(queued.get_backend(), DatabaseBackend):
        queued.enqueue(*args)
    else:
        transaction.on_commit(partial(queued.enqueue, *args), robust=True)


@task()
def heartbeat(label: str) -> dict[str, str]:
    """Touch the database from the worker and report when and where the task ran."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"label": label, "ran_at": timezone.now().isoformat(), "vendor": connection.vendor}
