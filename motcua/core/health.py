"""Health of the parts the platform needs: the database and the task queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpRequest, JsonResponse


def queue_depths() -> dict[str, int]:
    """Tasks waiting per queue (database backend only; other backends keep their own counters)."""
    if settings.TASKS_BACKEND != "database":
        return {}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values_list("queue_name")
        .order_by()
        .annotate(n=Count("id"))
    )
    return dict(rows)


def health_view(request: HttpRequest) -> JsonResponse:
    report: dict[str, Any] = {"status": "ok", "database": "ok", "tasks": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database_vendor"] = connection.vendor
    except DatabaseError:
        report["database"] = "error"
    try:
        report["task_backend"] = settings.TASKS_BACKEND
        report["task_queue_depth"] = sum(queue_depths().values())
    except DatabaseError:
        report["tasks"] = "error"
    if report["database"] != "ok" or report["tasks"] != "ok":
        report["status"] = "error"
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
