"""What staff do with money: take it at the counter (cash, card, a VietQR transfer seen on the account)
and give it back (refund, whole or in part)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.payments.constants import SETTLED, EventKind, Method, Status
from motcua.payments.exceptions import GatewayUnavailable, PaymentError
from motcua.payments.gateways import gateway
from motcua.payments.models import Payment, PaymentAttempt, Refund
from motcua.payments.policies import can_handle_money
from motcua.payments.services.checkout import order_of
from motcua.payments.services.log import log_event
from motcua.payments.services.obligations import agencies_of, payment_for
from motcua.payments.services.settlement import settle

logger = logging.getLogger(__name__)
COUNTER_METHODS = (Method.CASH, Method.CARD, Method.QR)


def payment_collect(*, actor: Actor, payment_id: int, method: str, reference: str = "") -> Payment:
    """Record money taken by an officer (thu tại quầy) for an unpaid obligation; the receipt follows."""
    if method not in COUNTER_METHODS:
        raise PaymentError(_("Choose cash, card or bank transfer."), code="invalid_method")
    if method != Method.CASH and not reference.strip():
        raise PaymentError(_("Give the card slip or transfer reference."), code="reference_required")
    with transaction.atomic():
        payment = payment_for(actor=actor, payment_id=payment_id, lock=True)
        if not can_handle_money(actor, agencies_of(payment)):
            raise NotFound(_("No such payment."))
        if payment.status in SETTLED:
            raise PaymentError(_("This obligation is already settled."), code="already_settled")
        if payment.status == Status.CANCELLED:
            raise PaymentError(_("This obligation was cancelled."), code="cancelled")
        log_event(
            kind=EventKind.COUNTER,
            payment_id=payment.pk,
            accepted=True,
            detail=f"{method} {reference}".strip(),
            actor=actor.name,
        )
        return settle(
            payment=payment,
            method=method,
            provider="counter",
            provider_reference=reference.strip(),
            actor=actor,
            collected_by_id=actor.user_id,
        )


def payment_refund(*, actor: Actor, payment_id: int, amount_vnd: int, reason: str) -> Payment:
    """Give back ``amount_vnd`` of a paid obligation. Through the gateway when it was paid online and the
    gateway can refund; otherwise the officer records the money handed back."""
    if not reason.strip():
        raise PaymentError(_("Give the reason."), code="reason_required")
    payment = payment_for(actor=actor, payment_id=payment_id)  # read first: the gateway is called outside a lock
    if not can_handle_money(actor, agencies_of(payment)):
        raise NotFound(_("No such payment."))
    remaining = payment.amount_vnd - payment.refunded_vnd
    if payment.status not in (Status.PAID, Status.PARTLY_REFUNDED):
        raise PaymentError(_("Only a paid obligation can be refunded."), code="not_paid")
    if not 0 < amount_vnd <= remaining:
        raise PaymentError(
            _("The refund must be between 1 and %(max)s VND.") % {"max": f"{remaining:,}".replace(",", ".")},
            code="invalid_amount",
        )
    method, provider_reference = payment.method or Method.CASH, ""
    attempt = PaymentAttempt.objects.filter(payment_id=payment.pk, status="paid").first()
    if attempt is not None:  # paid online: the gateway gives the money back
        try:
            result = gateway(attempt.provider).refund(
                order_of(attempt, payment), payment.provider_reference, amount_vnd, amount_vnd == payment.amount_vnd
            )
        except GatewayUnavailable:
            log_event(kind=EventKind.REFUND, payment_id=payment.pk, provider=attempt.provider, detail="unavailable")
            raise
        log_event(
            kind=EventKind.REFUND,
            payment_id=payment.pk,
            attempt_id=attempt.pk,
            provider=attempt.provider,
            raw={"amount_vnd": amount_vnd, "detail": result.detail},
            accepted=result.ok,
            detail=result.detail,
            actor=actor.name,
        )
        if not result.ok:
            raise PaymentError(
                _("The gateway did not make the refund: hand the money back at the counter and record it there."),
                code="gateway_refund_failed",
            )
        provider_reference = result.transaction
    with transaction.atomic():
        payment = payment_for(actor=actor, payment_id=payment_id, lock=True)
        refunded = payment.refunded_vnd + amount_vnd
        if refunded > payment.amount_vnd:
            raise PaymentError(_("This refund is more than what is left."), code="invalid_amount")
        status = Status.REFUNDED if refunded == payment.amount_vnd else Status.PARTLY_REFUNDED
        updated = Payment.objects.filter(pk=payment.pk, version=payment.version).update(
            refunded_vnd=refunded, status=status, closed_at=timezone.now(), version=payment.version + 1
        )
        if updated != 1:
            raise PaymentError(_("The payment changed at the same moment: reload and try again."), code="conflict")
        Refund.objects.create(
            payment=payment,
            amount_vnd=amount_vnd,
            reason=reason[:500],
            method=method,
            provider_reference=provider_reference,
            user_id=actor.user_id,
        )
        log_event(kind=EventKind.REFUND, payment_id=payment.pk, accepted=True, detail=reason, actor=actor.name)
        payment.refresh_from_db()
        logger.info("payment %s refunded %s VND", payment.pk, amount_vnd)
        return payment
