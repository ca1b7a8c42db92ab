"""Background work of the payments app: the obligations following a dossier's move, the e-receipt (rendered
after the payment is committed)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from motcua.dossiers.constants import Verb
from motcua.payments.constants import OPEN, AttemptStatus, EventKind, Status
from motcua.payments.models import Payment, PaymentAttempt
from motcua.payments.services.log import log_event
from motcua.payments.services.obligations import payment_open_for_request, payments_open_for_dossier

OPENING = (Verb.SUBMIT, Verb.RECEIVE, Verb.RESUBMIT)
ENDING = (Verb.REFUSE, Verb.WITHDRAW, Verb.STOP)
#: The moves that open or cancel obligations.
FOLLOWED = frozenset((*OPENING, Verb.REQUEST_PAYMENT, *ENDING))


@task()
def payments_follow_dossier(dossier_id: int, verb: str) -> int:
    """Open the obligations a filing or a payment request creates, or cancel the open ones of a dossier that
    ended; how many obligations were touched. Idempotent: a repeated run changes nothing more. Run by the
    ``dossier_changed`` receiver (in the worker, from ``dossier_moved``); still a task so that rows queued before
    ``dossier_moved`` existed run."""
    if verb in OPENING:
        return len(payments_open_for_dossier(dossier_id=dossier_id))
    if verb == Verb.REQUEST_PAYMENT:
        return int(payment_open_for_request(dossier_id=dossier_id) is not None)
    if verb not in ENDING:
        return 0
    cancelled = 0
    for payment in Payment.objects.filter(dossier_id=dossier_id, status__in=OPEN):
        if Payment.objects.filter(pk=payment.pk, status__in=OPEN).update(
            status=Status.CANCELLED, closed_at=timezone.now(), version=payment.version + 1
        ):
            PaymentAttempt.objects.filter(payment_id=payment.pk, status=AttemptStatus.PENDING).update(
                status=AttemptStatus.EXPIRED
            )
            log_event(kind=EventKind.CANCEL, payment_id=payment.pk, accepted=True, detail=f"dossier {verb}")
            cancelled += 1
    return cancelled


@task()
def receipt_issue(payment_id: int) -> str:
    from motcua.payments.services.receipts import receipt_issue_for

    return receipt_issue_for(payment_id=payment_id)
