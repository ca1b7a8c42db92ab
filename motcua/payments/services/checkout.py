"""Starting a payment: the citizen picks a gateway; we open a transaction there and send them to it."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.actors import Actor
from motcua.payments.constants import OPEN, AttemptStatus, EventKind
from motcua.payments.exceptions import GatewayUnavailable, PaymentError
from motcua.payments.gateways import Order, gateway, gateways
from motcua.payments.models import Payment, PaymentAttempt
from motcua.payments.policies import can_pay
from motcua.payments.services.log import log_event
from motcua.payments.services.obligations import payment_for


def offered_gateways() -> list[str]:
    """The gateways citizens may choose, in the configured order."""
    return [g for g in settings.PAYMENTS_GATEWAYS if g in gateways and gateway(g).available()]


def new_reference(payment: Payment, at: dt.datetime) -> str:
    """Our order reference at the gateway: unique per attempt, ASCII, at most 30 characters."""
    return f"MC{payment.pk:08d}{timezone.localtime(at):%y%m%d%H%M%S}{secrets.token_hex(2).upper()}"


def order_of(attempt: PaymentAttempt, payment: Payment, **extra: str) -> Order:
    dossier = payment.dossier
    return Order(
        reference=attempt.reference,
        amount_vnd=attempt.amount_vnd,
        dossier_code=dossier.code,
        description=f"Thanh toan phi, le phi ho so {dossier.code}",
        created_at=attempt.created_at,
        expires_at=attempt.expires_at,
        payer_name=dossier.submitter_name,
        payer_id_number=dossier.submitter_id_number,
        agency_code=payment.agency.code,
        agency_name=payment.agency.name,
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        lines=tuple((line.kind, line.code, line.description, line.amount_vnd) for line in payment.lines.all()),
        **extra,
    )


def payment_start(
    *,
    actor: Actor,
    payment_id: int,
    provider: str,
    idempotency_key: str,
    return_url: str,
    site_url: str = "",
    client_ip: str = "127.0.0.1",
    locale: str = "vi",
) -> PaymentAttempt:
    """Open a transaction at ``provider`` for an unpaid obligation of the citizen's own dossier. The same
    ``idempotency_key`` (one per payment page shown) gives back the same transaction."""
    if provider not in offered_gateways():
        raise PaymentError(_("Choose one of the payment methods offered."), code="unknown_gateway")
    if not idempotency_key or len(idempotency_key) > 64:
        raise PaymentError(_("The payment form has expired: open it again."), code="invalid_key")
    now = timezone.now()
    key = f"{actor.user_id or actor.client_id or 0}:{idempotency_key}"
    try:
        with transaction.atomic():
            payment = payment_for(actor=actor, payment_id=payment_id, lock=True)
            if not can_pay(actor, payment.dossier.submitter_user_id):
                raise PaymentError(_("Only the person who filed the dossier pays for it here."), code="not_payer")
            existing = PaymentAttempt.objects.filter(idempotency_key=key).first()
            if existing is not None:
                if existing.payment_id != payment.pk:
                    raise PaymentError(_("The payment form has expired: open it again."), code="invalid_key")
                return existing
            if payment.status not in OPEN:
                raise PaymentError(_("This obligation is already settled."), code="already_settled")
            attempt = PaymentAttempt.objects.create(
                payment=payment,
                provider=provider,
                reference=new_reference(payment, now),
                idempotency_key=key,
                amount_vnd=payment.amount_vnd,
                expires_at=now + dt.timedelta(minutes=settings.PAYMENTS_EXPIRE_MINUTES),
            )
    except IntegrityError:  # the same form sent twice at the same moment
        return PaymentAttempt.objects.get(idempotency_key=key)
    attempt = PaymentAttempt.objects.get(pk=attempt.pk)  # created_at as stored
    order = order_of(attempt, payment, return_url=return_url, site_url=site_url, client_ip=client_ip, locale=locale)
    try:
        start = gateway(provider).start(order)  # network: outside any transaction
    except GatewayUnavailable as exc:
        PaymentAttempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.FAILED, settled_at=timezone.now())
        log_event(
            kind=EventKind.INIT, payment_id=payment.pk, attempt_id=attempt.pk, provider=provider, detail=str(exc.detail)
        )
        raise
    PaymentAttempt.objects.filter(pk=attempt.pk).update(next_url=start.redirect_url, qr_payload=start.qr_payload)
    log_event(
        kind=EventKind.INIT,
        payment_id=payment.pk,
        attempt_id=attempt.pk,
        provider=provider,
        raw={"sent": start.sent, "received": start.received},
        accepted=True,
        actor=actor.name,
    )
    attempt.next_url, attempt.qr_payload = start.redirect_url, start.qr_payload
    return attempt
