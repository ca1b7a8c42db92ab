"""Obligations follow the dossier: created when it is filed or received at the counter, or when payment is
requested through any interface; cancelled when it is refused, withdrawn or stopped."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from motcua.dossiers.constants import Verb
from motcua.dossiers.signals import dossier_changed
from motcua.payments.constants import OPEN, AttemptStatus, EventKind, Status
from motcua.payments.models import Payment, PaymentAttempt
from motcua.payments.services.log import log_event
from motcua.payments.services.obligations import payment_open_for_request, payments_open_for_dossier

logger = logging.getLogger(__name__)

ENDING = (Verb.REFUSE, Verb.WITHDRAW, Verb.STOP)


@receiver(dossier_changed, dispatch_uid="payments.on_dossier_changed")
def on_dossier_changed(sender: object, dossier_id: int, verb: str, **kwargs: Any) -> None:
    if verb in (Verb.SUBMIT, Verb.RECEIVE, Verb.RESUBMIT):
        payments_open_for_dossier(dossier_id=dossier_id)
    elif verb == Verb.REQUEST_PAYMENT:
        payment_open_for_request(dossier_id=dossier_id)
    elif verb in ENDING:
        for payment in Payment.objects.filter(dossier_id=dossier_id, status__in=OPEN):
            if Payment.objects.filter(pk=payment.pk, status__in=OPEN).update(
                status=Status.CANCELLED, closed_at=timezone.now(), version=payment.version + 1
            ):
                PaymentAttempt.objects.filter(payment_id=payment.pk, status=AttemptStatus.PENDING).update(
                    status=AttemptStatus.EXPIRED
                )
                log_event(kind=EventKind.CANCEL, payment_id=payment.pk, accepted=True, detail=f"dossier {verb}")
