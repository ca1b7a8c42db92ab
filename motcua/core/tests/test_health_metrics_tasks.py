import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus

from motcua.core.tasks import heartbeat


def test_healthz_reports_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["tasks"] == "ok"


def test_request_id_is_echoed_or_made(client, db):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abcdef123456").headers["X-Request-ID"] == "abcdef123456"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id!").headers["X-Request-ID"]
    assert len(made) == 32


def test_metrics_only_for_loopback_or_token(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    with override_settings(METRICS_TOKEN="s3cret-token"):
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
        ok = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
        assert ok.status_code == 200
        assert b"motcua_http_request_seconds" in ok.content
        assert b"motcua_task_queue_depth" in ok.content


@pytest.mark.django_db(transaction=True)
def test_task_runs_through_the_database_worker():
    """Enqueue on the database backend, run the real worker command, read the result back."""
    db_backend = {
        "default": {"BACKEND": "motcua.core.task_backend.OutboxBackend", "QUEUES": ["default"]},
    }
    with override_settings(TASKS=db_backend, TASKS_BACKEND="database"):
        assert type(task_backends["default"]).__name__ == "OutboxBackend"
        result = heartbeat.enqueue("ci")
        assert result.status == TaskResultStatus.READY
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        done = task_backends["default"].get_result(result.id)
        assert done.status == TaskResultStatus.SUCCESSFUL
        assert done.return_value == {"label": "ci", "ran_at": done.return_value["ran_at"], "vendor": connection.vendor}  # type: ignore[index]


def test_settings_table_lists_every_setting():
    out = subprocess.run(
        [sys.executable, "manage.py", "settings_table"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("DATABASE_URL", "MOTCUA_SECRET_KEY", "MOTCUA_STRUCTURE", "MOTCUA_TASKS_BACKEND", "CACHE_URL"):
        assert f"`{name}`" in out


def test_each_request_logs_one_json_line_with_its_request_id(client, db, caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="motcua.access"):
        client.get("/api/v1/geo/units/00070?secret=001090012345", HTTP_X_REQUEST_ID="req-12345678")
    [record] = [r for r in caplog.records if r.name == "motcua.access"]
    assert record.status == 200
    assert record.route == "api/v1/geo/units/<code>"
    assert record.request_id == "req-12345678"
    assert "001090012345" not in str(record.__dict__)
