"""The work a move calls for (the citizen's notices, the payments that follow the dossier) is queued with the
move: with the database queue its rows are written in the move's transaction, so a rolled-back move leaves no
task and a committed one always has its tasks; with another queue nothing is queued before the commit."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.models import Dossier
from motcua.notifications.tests.support import World

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class Undone(Exception):
    pass


def queued_for(dossier_id: int) -> set[str]:
    return {
        row.task_path.rsplit(".", 1)[-1]
        for row in DBTaskResult.objects.all()
        if row.args_kwargs["args"][:1] == [dossier_id]
    }


def test_a_filing_writes_its_tasks_with_the_dossier(world: World, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        dossier = world.submit()
        # inside the filing's transaction already: the rows commit (or roll back) with the dossier
        assert queued_for(dossier.pk) == {"notifications_for_dossier", "payments_follow_dossier"}
    assert queued_for(dossier.pk) == {"notifications_for_dossier", "payments_follow_dossier"}


def test_a_rolled_back_move_leaves_no_task(world: World, settings) -> None:
    settings.TASKS = DATABASE_QUEUE
    before = DBTaskResult.objects.count()
    seen: list[int] = []

    def file_then_fail() -> None:
        with transaction.atomic():
            world.submit()
            seen.append(DBTaskResult.objects.count())
            raise Undone

    with pytest.raises(Undone):
        file_then_fail()
    assert seen[0] > before  # the tasks were written, in the transaction
    assert DBTaskResult.objects.count() == before
    assert not Dossier.objects.exists()


def test_another_queue_gets_the_task_only_after_the_commit(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.submit()
    assert not default_task_backend.results  # type: ignore[attr-defined]
    assert len(callbacks) == 2  # the notices and the payments, waiting for the commit
    for callback in callbacks:
        callback()
    assert {r.task.name for r in default_task_backend.results} == {  # type: ignore[attr-defined]
        "notifications_for_dossier",
        "payments_follow_dossier",
    }
