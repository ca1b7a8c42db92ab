"""Tasks of notifications: send one delivery; sweep the deliveries whose retry time has come."""

from __future__ import annotations

from django_tasks import task

from motcua.notifications.services import deliveries_retry_due, delivery_attempt


@task()
def notification_deliver(delivery_id: int) -> str:
    """Send one notification on its channel (claimed first: never sent twice); the resulting status."""
    return delivery_attempt(delivery_id=delivery_id)


@task()
def notifications_retry() -> int:
    """Retry the failed sends whose time has come (for queues that cannot defer a task); how many were sent."""
    return deliveries_retry_due()
