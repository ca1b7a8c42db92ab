"""Obligations are made by a task queued after the filing's commit; a desk that receives the dossier before
the worker ran it still meets the fee (the reception gate makes them first), and the task, late or repeated,
makes them once."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks import default_task_backend

from motcua.dossiers.exceptions import NotAllowed
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import Staff
from motcua.payments.models import Payment
from motcua.payments.tests.conftest import file_online

pytestmark = pytest.mark.django_db


def test_reception_before_the_task_still_meets_the_fee(staff: Staff, settings: Any, committed: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    with committed():
        dossier = file_online(staff)
    queued = [r for r in default_task_backend.results if r.task.name == "dossier_moved"]  # type: ignore[attr-defined]
    assert [list(r.args[:2]) for r in queued] == [[dossier.pk, "submit"]]
    assert not Payment.objects.filter(dossier=dossier).exists()  # the worker has not run yet
    with pytest.raises(NotAllowed, match="lệ phí"):  # (what the gate made goes with the refused move)
        dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)
    for _run in range(2):  # the worker catches up, and a retry changes nothing
        queued[0].task.call(*queued[0].args)
    assert Payment.objects.filter(dossier=dossier).count() == 1
    with pytest.raises(NotAllowed, match="lệ phí"):
        dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)


def test_the_pay_page_does_not_wait_for_the_worker(staff: Staff, settings: Any, committed: Any, client: Any) -> None:
    """Straight from the confirmation page, the citizen sees what to pay even if the task has not run yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    with committed():
        dossier = file_online(staff)
    assert not Payment.objects.filter(dossier=dossier).exists()
    client.force_login(staff.citizen)
    page = client.get(f"/pay/{dossier.code}/").content.decode()
    assert Payment.objects.filter(dossier=dossier).count() == 1
    assert "70.000 đ" in page
    client.get(f"/pay/{dossier.code}/")  # again: nothing more is made
    assert Payment.objects.filter(dossier=dossier).count() == 1
