"""Timed tasks of the dossiers: the daily reminders to handlers (enqueue ``dossiers_remind`` from a scheduler,
or run ``manage.py dossiers_remind``)."""

from __future__ import annotations

from django_tasks import task

from motcua.dossiers.services.reminders import reminders_send


@task()
def dossiers_remind() -> dict[str, int]:
    """Record today's reminders and mail them; a second run on the same day sends nothing."""
    created, mailed = reminders_send()
    return {"created": created, "mailed": mailed}
