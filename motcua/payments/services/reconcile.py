"""Reconciliation (đối soát): ask each gateway about the transactions still open, settle what was paid,
expire what lapsed, and report what does not match."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone

from motcua.payments.constants import OPEN, SETTLED, AttemptStatus, EventKind, Status
from motcua.payments.exceptions import GatewayUnavailable
from motcua.payments.gateways import gateway
from motcua.payments.models import Payment, PaymentAttempt
from motcua.payments.services.checkout import order_of
from motcua.payments.services.log import log_event
from motcua.payments.services.settlement import apply_query


@dataclasses.dataclass
class ReconcileReport:
    asked: int = 0
    settled: int = 0
    expired: int = 0
    unreachable: int = 0
    mismatches: list[str] = dataclasses.field(default_factory=list)


def payments_reconcile(*, now: dt.datetime | None = None, limit: int = 500) -> ReconcileReport:
    """One pass over the open gateway transactions (the oldest first)."""
    now = now or timezone.now()
    report = ReconcileReport()
    pending = (
        PaymentAttempt.objects.filter(status=AttemptStatus.PENDING)
        .exclude(provider="vietqr")
        .select_related("payment", "payment__dossier", "payment__agency")
        .order_by("created_at")[:limit]
    )
    for attempt in pending:
        payment = attempt.payment
        report.asked += 1
        try:
            verdict = gateway(attempt.provider).query(order_of(attempt, payment))
        except (GatewayUnavailable, LookupError) as exc:
            report.unreachable += 1
            log_event(kind=EventKind.QUERY, payment_id=payment.pk, attempt_id=attempt.pk, detail=str(exc)[:500])
            continue
        if verdict.paid:
            outcome = apply_query(verdict, provider=attempt.provider)
            if outcome.credited:
                report.settled += 1
            else:
                note = f"{attempt.reference}: paid at the gateway but refused here ({outcome.refusal})"
                report.mismatches.append(note)
                Payment.objects.filter(pk=payment.pk).update(reconciled_at=now, reconciliation=note[:300])
            continue
        log_event(
            kind=EventKind.QUERY,
            payment_id=payment.pk,
            attempt_id=attempt.pk,
            provider=attempt.provider,
            raw=verdict.raw,
            verified=verdict.signature_ok,
            accepted=not verdict.refusal,
            refusal=verdict.refusal,
            detail=f"response {verdict.response_code}",
        )
        if verdict.refusal:
            report.mismatches.append(f"{attempt.reference}: the gateway's answer was refused ({verdict.refusal})")
        elif attempt.expires_at < now:
            PaymentAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.PENDING).update(
                status=AttemptStatus.EXPIRED, settled_at=now
            )
            Payment.objects.filter(pk=payment.pk, status__in=OPEN).exclude(
                attempts__status=AttemptStatus.PENDING
            ).update(status=Status.EXPIRED)
            report.expired += 1
    _check_settled(now, limit, report)
    return report


def _check_settled(now: dt.datetime, limit: int, report: ReconcileReport) -> None:
    """Online payments settled here must be paid, for the same amount, at the gateway."""
    paid = PaymentAttempt.objects.filter(
        status=AttemptStatus.PAID, payment__status__in=SETTLED, payment__reconciled_at__isnull=True
    ).exclude(provider="vietqr")
    for attempt in paid.select_related("payment", "payment__dossier", "payment__agency")[:limit]:
        payment = attempt.payment
        try:
            verdict = gateway(attempt.provider).query(order_of(attempt, payment))
        except (GatewayUnavailable, LookupError):
            report.unreachable += 1
            continue
        ok = verdict.paid and verdict.amount_vnd == attempt.amount_vnd and not verdict.refusal
        note = "ok" if ok else f"{attempt.reference}: the gateway does not confirm {attempt.amount_vnd} VND"
        if not ok:
            report.mismatches.append(note)
        log_event(
            kind=EventKind.QUERY,
            payment_id=payment.pk,
            attempt_id=attempt.pk,
            provider=attempt.provider,
            raw=verdict.raw,
            verified=verdict.signature_ok,
            accepted=ok,
            detail=note,
        )
        Payment.objects.filter(pk=payment.pk).update(reconciled_at=now, reconciliation=note[:300])
