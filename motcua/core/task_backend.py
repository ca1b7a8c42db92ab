"""The database task queue (django-tasks-db) with its rows written by one prepared INSERT.

Every dossier's move queues a task inside the move's transaction (:func:`motcua.core.tasks.enqueue_after_commit`);
the package writes that row through ``objects.create``, whose compilation cost a filing more than the insert.
The row, its id and its signals are the package's own; only the way it is written differs.
"""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.models.signals import post_save, pre_save
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult

from motcua.core.db import insert_instances


class OutboxBackend(DatabaseBackend):
    """``django_tasks_db.DatabaseBackend`` whose enqueue writes its row without the ORM's compiler and builds the
    result it announces and returns once (the package builds it twice, each time re-making and re-checking the task)."""

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any, Any]:
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task: Task[Any, Any], args: Any, kwargs: Any) -> DBTaskResult[Any, Any]:
        row: DBTaskResult[Any, Any] = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]  # None: the pre_save receiver sets the far future
            backend_name=self.alias,
        )
        alias = router.db_for_write(DBTaskResult, instance=row)
        pre_save.send(DBTaskResult, instance=row, raw=False, using=alias, update_fields=None)  # sets run_after
        insert_instances([row], alias)
        post_save.send(DBTaskResult, instance=row, created=True, raw=False, using=alias, update_fields=None)
        return row
