"""Settling a payment: gateway callbacks and answers (verified, checked against the order, idempotent) and
money taken by staff all end in ``settle``, which moves the dossier on and issues the receipt."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.actors import SYSTEM, Actor
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_confirm_payment
from motcua.payments.constants import OPEN, AttemptStatus, EventKind, Refusal, Status, Timing
from motcua.payments.exceptions import PaymentError
from motcua.payments.gateways import Verdict, gateway
from motcua.payments.models import Payment, PaymentAttempt, PaymentEvent
from motcua.payments.services.log import fingerprint, log_event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of a gateway message. ``credited``: this message paid the obligation."""

    accepted: bool
    credited: bool = False
    refusal: str = ""
    payment_id: int | None = None
    attempt_id: int | None = None


def settle(
    *,
    payment: Payment,
    method: str,
    provider: str = "",
    provider_reference: str = "",
    attempt: PaymentAttempt | None = None,
    actor: Actor = SYSTEM,
    collected_by_id: int | None = None,
    at: dt.datetime | None = None,
) -> Payment:
    """Mark a locked, open obligation paid (compare-and-set), then move the dossier on. Inside the caller's
    transaction; the receipt is made after commit."""
    at = at or timezone.now()
    updated = Payment.objects.filter(pk=payment.pk, version=payment.version, status__in=OPEN).update(
        status=Status.PAID,
        method=method,
        provider=provider,
        provider_reference=provider_reference[:100],
        paid_at=at,
        collected_by_id=collected_by_id,
        version=payment.version + 1,
    )
    if updated != 1:
        raise PaymentError(_("This obligation is already settled."), code="already_settled")
    if attempt is not None:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            status=AttemptStatus.PAID, provider_reference=provider_reference[:100], settled_at=at
        )
    payment.refresh_from_db()
    if payment.timing == Timing.AFTER:
        state = Dossier.objects.filter(pk=payment.dossier_id).values_list("state", flat=True).first()
        if state == State.AWAITING_PAYMENT:  # a before-processing fee opens the reception gate by itself
            dossier_confirm_payment(actor=SYSTEM, dossier_id=payment.dossier_id, reference=provider_reference or method)
    from motcua.payments.tasks import receipt_issue

    transaction.on_commit(partial(receipt_issue.enqueue, payment.pk))
    logger.info("payment %s settled by %s (%s)", payment.pk, method, actor.name)
    return payment


def _apply(verdict: Verdict, *, provider: str, kind: str, print_: str, remote_addr: str | None) -> Outcome:
    """Check a verified message against our order and settle, refuse or record it (one transaction)."""

    def refuse(refusal: str, detail: str, payment_id: int | None = None, attempt_id: int | None = None) -> Outcome:
        log_event(
            kind=kind,
            payment_id=payment_id,
            attempt_id=attempt_id,
            provider=provider,
            raw=verdict.raw,
            verified=verdict.signature_ok,
            refusal=refusal,
            detail=detail,
            print_=print_,
            remote_addr=remote_addr,
        )
        logger.warning("payment message refused (%s, %s): %s", provider, refusal, verdict.reference)
        return Outcome(accepted=False, refusal=refusal, payment_id=payment_id, attempt_id=attempt_id)

    if verdict.refusal:
        return refuse(verdict.refusal, str(verdict.detail))
    with transaction.atomic():
        attempt = (
            PaymentAttempt.objects.select_for_update().filter(reference=verdict.reference, provider=provider).first()
        )
        if attempt is None:
            return refuse(Refusal.UNKNOWN_ORDER, "no such order")
        payment = Payment.objects.select_for_update().get(pk=attempt.payment_id)
        ids: dict[str, Any] = {"payment_id": payment.pk, "attempt_id": attempt.pk}
        if print_ and PaymentEvent.objects.filter(fingerprint=print_, accepted=True).exists():
            if kind == EventKind.RETURN:  # the citizen's browser brings back what the IPN already delivered
                log_event(kind=kind, provider=provider, verified=True, accepted=True, detail="already processed", **ids)
                return Outcome(accepted=True, **ids)
            return refuse(Refusal.REPLAY, "this message was already processed", **ids)
        if verdict.amount_vnd != attempt.amount_vnd:
            return refuse(Refusal.AMOUNT, f"{verdict.amount_vnd} VND instead of {attempt.amount_vnd} VND", **ids)
        if attempt.status == AttemptStatus.PAID or payment.status not in OPEN:
            return refuse(Refusal.ALREADY, f"order is {attempt.status}, obligation is {payment.status}", **ids)
        late = verdict.paid_at is not None and verdict.paid_at > attempt.expires_at
        if attempt.status == AttemptStatus.EXPIRED or (verdict.paid and late):
            return refuse(Refusal.EXPIRED, "the order had expired", **ids)
        log_event(
            kind=kind,
            provider=provider,
            raw=verdict.raw,
            verified=True,
            accepted=True,
            detail=f"response {verdict.response_code}",
            print_=print_,
            remote_addr=remote_addr,
            **ids,
        )
        if not verdict.paid:
            if verdict.response_code and kind != EventKind.QUERY:  # the citizen cancelled, the bank refused…
                PaymentAttempt.objects.filter(pk=attempt.pk).update(
                    status=AttemptStatus.FAILED, settled_at=timezone.now()
                )
                Payment.objects.filter(pk=payment.pk, status=Status.PENDING).update(status=Status.FAILED)
            return Outcome(accepted=True, **ids)
        used = PaymentAttempt.objects.filter(provider=provider, provider_reference=verdict.transaction)
        if verdict.transaction and used.exclude(pk=attempt.pk).exists():
            return refuse(Refusal.REPLAY, "this gateway transaction was credited to another order", **ids)
        try:
            with transaction.atomic():  # a savepoint: the database has the last word on a reused transaction
                settle(
                    payment=payment,
                    method="online",
                    provider=provider,
                    provider_reference=verdict.transaction,
                    attempt=attempt,
                    at=verdict.paid_at,
                )
        except IntegrityError:
            return refuse(Refusal.REPLAY, "this gateway transaction was credited to another order", **ids)
        return Outcome(accepted=True, credited=True, **ids)


def payment_callback(
    *, provider: str, params: dict[str, str], kind: str = EventKind.CALLBACK, remote_addr: str | None = None
) -> Outcome:
    """A message from a gateway (IPN, confirmation, or the citizen's return): verify, check, settle once."""
    print_ = fingerprint(provider, params)
    try:
        verdict = gateway(provider).verify(params)
    except (LookupError, NotImplementedError):
        log_event(kind=kind, provider=provider[:20], raw=params, refusal=Refusal.MALFORMED, remote_addr=remote_addr)
        return Outcome(accepted=False, refusal=Refusal.MALFORMED)
    return _apply(verdict, provider=provider, kind=kind, print_=print_, remote_addr=remote_addr)


def apply_query(verdict: Verdict, *, provider: str) -> Outcome:
    """A gateway's answer to our QUERY, applied like a callback (it is signed too)."""
    return _apply(verdict, provider=provider, kind=EventKind.QUERY, print_="", remote_addr=None)
