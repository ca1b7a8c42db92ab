"""The work a move calls for (the citizen's notices, the payments that follow the dossier) is queued with the
move, as one ``dossier_moved`` task: with the database queue its row is written in the move's transaction, so a
rolled-back move leaves no task and a committed one always has it; with another queue nothing is queued before the
commit. The task tells every app, each on its own."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.models import Dossier
from motcua.notifications.tests.support import World

DATABASE_QUEUE = {"default": {"BACKEND": "motcua.core.task_backend.OutboxBackend", "QUEUES": ["default"]}}


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
        assert queued_for(dossier.pk) == {"dossier_moved"}
    assert queued_for(dossier.pk) == {"dossier_moved"}


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
    assert len(callbacks) == 1  # one task for the move, waiting for the commit
    for callback in callbacks:
        callback()
    assert [r.task.name for r in default_task_backend.results] == ["dossier_moved"]  # type: ignore[attr-defined]


def test_a_failing_receiver_does_not_stop_the_others(world: World, settings, caplog) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    from motcua.dossiers.signals import dossier_changed
    from motcua.dossiers.tasks import ReceiversFailed, dossier_moved
    from motcua.notifications.models import Notification

    dossier = world.submit()

    def broken(sender: object, **kwargs: object) -> None:
        raise RuntimeError("broken receiver")

    dossier_changed.connect(broken, dispatch_uid="test.broken")
    try:
        with pytest.raises(ReceiversFailed):
            dossier_moved.call(dossier.pk, "submit", 1)
    finally:
        dossier_changed.disconnect(dispatch_uid="test.broken")
    assert Notification.objects.filter(dossier_id=dossier.pk).count() == 1  # the notices were made all the same
    assert "broken receiver" in caplog.text
    assert default_task_backend.results == []  # type: ignore[attr-defined]
