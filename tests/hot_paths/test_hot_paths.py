"""The hot HTTP paths read and write a pinned number of times (a regression fails here, not in production):
filing through the API, and the public progress look-up. Filing leaves the notices and the payment
obligations to one queued task (``dossier_moved``), run after the commit; run twice, it does their work once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.tests.test_api import BODY, token_for
from motcua.notifications.models import Notification
from motcua.notifications.tasks import notifications_for_dossier
from motcua.payments.tasks import payments_follow_dossier

pytestmark = pytest.mark.django_db
#: Measured on SQLite and PostgreSQL: the client (its agencies, the receiving agency's id, the procedure version
#: and the answer's agency codes are kept per process), the transaction's savepoint, the daily sequence, the
#: dossier, its audit entry and components (the answer is made from them), the savepoint's release; the
#: Idempotency-Key costs nothing more (its unique index refuses a copy, and only then is it looked up). The
#: database task backend adds one row per queued task; the dummy one here, none. 11 before the per-process
#: caches and the answer built without re-reading; 8 while the key was probed before every filing. On PostgreSQL
#: the daily sequence reserves the dossier's id too, and the dossier, its entry and components go in one statement.
SUBMIT_QUERIES = {"postgresql": 5}


@pytest.fixture
def queued(settings: Any) -> None:
    """Tasks are kept, not run: the request's own work is counted, and the tasks run when the test says."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def test_filing_through_the_api_queries_a_fixed_number_of_times(
    staff: Staff, client: Client, queued: None, django_capture_on_commit_callbacks: Any
) -> None:
    token = token_for(staff.desk)
    body = BODY | {
        "agency": staff.desk.code,
        "channel": "online",
        "submitter": BODY["submitter"] | {"email": "an@example.vn"},
    }
    client.post("/api/v1/dossiers", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    default_task_backend.clear()  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/dossiers",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY="first-try",
        )
    assert created.status_code == 201, created.content
    assert len(queries) <= SUBMIT_QUERIES.get(connection.vendor, 7), [q["sql"][:100] for q in queries.captured_queries]
    dossier = Dossier.objects.get(code=created.json()["code"])
    results = default_task_backend.results  # type: ignore[attr-defined]
    assert [(r.task.name, r.args[:2]) for r in results] == [("dossier_moved", [dossier.pk, "submit"])]
    assert not Notification.objects.filter(dossier_id=dossier.pk).exists()  # nothing done in the request
    # the worker runs them, and once more (a retried task): the notices are made once
    for _run in range(2):
        for result in results:
            result.task.call(*result.args, **result.kwargs)
    assert Notification.objects.filter(dossier_id=dossier.pk).count() == 1
    assert notifications_for_dossier.call(dossier.pk) == 0
    assert payments_follow_dossier.call(dossier.pk, "refuse") == 0  # nothing open to cancel twice


def test_the_public_look_up_is_one_query(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk)
    body = BODY | {"agency": staff.desk.code}
    code = client.post(
        "/api/v1/dossiers", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()["code"]
    client.get(f"/api/v1/public/dossiers/{code}")  # loads the agency names once per process
    with CaptureQueriesContext(connection) as queries:
        found = client.get(f"/api/v1/public/dossiers/{code}")
    assert found.status_code == 200 and found.json()["code"] == code
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/public/dossiers/XX-000000-0000").status_code == 404
    assert len(queries) == 1
