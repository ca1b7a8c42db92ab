"""``OutboxBackend``: django-tasks-db's queue whose rows are written with one prepared INSERT. The row must be the
package's own (its worker runs it: ``test_health_metrics_tasks``), the result announced the one returned."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django_tasks_db.compat import task_enqueued
from django_tasks_db.models import DBTaskResult

from motcua.core.tasks import heartbeat

pytestmark = pytest.mark.django_db
QUEUE = {"default": {"BACKEND": "motcua.core.task_backend.OutboxBackend", "QUEUES": ["default"]}}


def test_each_enqueue_writes_one_ready_row_and_announces_what_it_returns() -> None:
    announced: list[Any] = []

    def hear(sender: Any, task_result: Any, **kwargs: Any) -> None:
        announced.append(task_result)

    task_enqueued.connect(hear)
    try:
        with override_settings(TASKS=QUEUE):
            first = heartbeat.enqueue("một")
            second = heartbeat.using(priority=5).enqueue("hai")
    finally:
        task_enqueued.disconnect(hear)
    assert announced == [first, second]
    rows = {str(r.id): r for r in DBTaskResult.objects.all()}
    assert set(rows) == {str(first.id), str(second.id)}
    assert rows[str(first.id)].args_kwargs == {"args": ["một"], "kwargs": {}}
    assert (rows[str(second.id)].priority, rows[str(second.id)].status) == (5, "READY")
    assert rows[str(first.id)].task_path == "motcua.core.tasks.heartbeat"
