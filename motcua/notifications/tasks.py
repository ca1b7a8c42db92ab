"""Tasks of notifications: send one delivery; sweep the deliveries whose retry time has come."""

from __future__ import annotations

from django_tasks import task

from motcua.notifications.services import deliveries_retry_due, delivery_attempt, notifications_create


@task()
def notifications_for_dossier(dossier_id: int) -> int:
    """The notices of a dossier's latest moves; how many were made. Run by the ``dossier_changed`` receiver (in
    the worker, from ``dossier_moved``); still a task so that rows queued before ``dossier_moved`` existed run.
    Run twice for one move, the second run finds the notices made and adds none."""
    return len(notifications_create(dossier_id=dossier_id))


@task()
def notification_deliver(delivery_id: int) -> str:
    """Send one notification on its channel (claimed first: never sent twice); the resulting status."""
    return delivery_attempt(delivery_id=delivery_id)


@task()
def notifications_retry() -> int:
    """Retry the failed sends whose time has come (for queues that cannot defer a task); how many were sent."""
    return deliveries_retry_due()
