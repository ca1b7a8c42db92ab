"""Tasks of the dossiers: a committed move told to the other apps (``dossier_moved``), and the daily reminders to
handlers (enqueue ``dossiers_remind`` from a scheduler, or run ``manage.py dossiers_remind``)."""

from __future__ import annotations

import logging

from django_tasks import task

from motcua.dossiers.services.reminders import reminders_send
from motcua.dossiers.signals import dossier_changed

logger = logging.getLogger(__name__)


class ReceiversFailed(Exception):
    """Some receivers of ``dossier_changed`` failed (each is logged); the others did their work."""


@task()
def dossier_moved(dossier_id: int, verb: str, national_status: int) -> int:
    """Send ``dossier_changed`` for a committed move, in the worker: one queued row per move, whatever the number
    of apps that follow it. Every receiver runs even if another fails; how many there were."""
    answers = dossier_changed.send_robust(
        sender=None, dossier_id=dossier_id, verb=verb, national_status=national_status
    )
    failed = [(receiver, error) for receiver, error in answers if isinstance(error, Exception)]
    for receiver, error in failed:
        logger.error("dossier %s (%s): %r failed", dossier_id, verb, receiver, exc_info=error)
    if failed:
        raise ReceiversFailed(f"{len(failed)} of {len(answers)} receivers failed for dossier {dossier_id}")
    return len(answers)


@task()
def dossiers_remind() -> dict[str, int]:
    """Record today's reminders and mail them; a second run on the same day sends nothing."""
    created, mailed = reminders_send()
    return {"created": created, "mailed": mailed}
