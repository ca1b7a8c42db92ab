"""Obligations (nghĩa vụ tài chính) of a dossier: from the procedure's fee lines when it is filed, or asked
for by an officer during processing; waived or cancelled by staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.definition import ProcedureDefinition
from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.dossiers.services import dossier_request_payment
from motcua.dossiers.services.engine import definition_of
from motcua.payments.constants import OPEN, AttemptStatus, EventKind, LineKind, Status, Timing
from motcua.payments.exceptions import PaymentError, PaymentNotFound
from motcua.payments.models import Payment, PaymentAttempt, PaymentLine
from motcua.payments.policies import can_handle_money
from motcua.payments.services.log import log_event


@dataclass(frozen=True)
class LineIn:
    kind: str
    description: str
    amount_vnd: int
    code: str = ""
    legal_basis: str = ""


def fee_lines(definition: ProcedureDefinition, channel: str) -> dict[str, list[LineIn]]:
    """The lines the procedure charges on ``channel``, by timing. Lines with no ``collected`` (alternatives,
    unknown amounts) and exempt ones are not charged; a line without a ``kind`` is a fee (lệ phí)."""
    by_timing: dict[str, list[LineIn]] = {}
    for fee in definition.fees:
        if fee.collected not in (Timing.BEFORE, Timing.AFTER) or not fee.amount_vnd:
            continue
        if fee.channel is not None and fee.channel != channel:
            continue
        line = LineIn(
            kind=fee.kind or LineKind.FEE,
            description=fee.description[:500] or _("Fee"),
            amount_vnd=fee.amount_vnd,
            code=fee.code,
            legal_basis=fee.legal_basis[:300],
        )
        by_timing.setdefault(str(fee.collected), []).append(line)
    return by_timing


def _create(dossier: Dossier, timing: str, lines: list[LineIn], key: str, reason: str = "") -> Payment:
    payment, created = Payment.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "dossier_id": dossier.pk,
            "agency_id": dossier.agency_id,
            "timing": timing,
            "amount_vnd": sum(line.amount_vnd for line in lines),
            "reason": reason[:500],
        },
    )
    if created:
        PaymentLine.objects.bulk_create(
            PaymentLine(
                payment=payment,
                kind=line.kind,
                code=line.code,
                description=line.description,
                legal_basis=line.legal_basis,
                amount_vnd=line.amount_vnd,
            )
            for line in lines
        )
        log_event(kind=EventKind.CREATED, payment_id=payment.pk, accepted=True, detail=reason or timing)
    return payment


def payments_open_for_dossier(*, dossier_id: int) -> list[Payment]:
    """Create the obligations a filed dossier owes by its procedure (idempotent: once per dossier and timing).

    An after-processing line is only recorded here; the officer asks for it when the result is ready.
    """
    dossier = Dossier.objects.filter(pk=dossier_id, parent_id__isnull=True).first()
    if dossier is None or dossier.state in (State.REFUSED, State.WITHDRAWN):
        return []
    lines = fee_lines(definition_of(dossier.procedure_version_id), dossier.channel)  # cached: versions are frozen
    with transaction.atomic():
        return [
            _create(dossier, timing, items, f"dossier:{dossier.pk}:{timing}")
            for timing, items in sorted(lines.items())
            if timing == Timing.BEFORE
        ]


def payment_open_for_request(*, dossier_id: int) -> Payment | None:
    """The obligation of the latest payment request of the dossier (made through any interface)."""
    entry = AuditEntry.objects.filter(dossier_id=dossier_id, verb=Verb.REQUEST_PAYMENT).order_by("-seq").first()
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if entry is None or dossier is None:
        return None
    amount = int((entry.data or {}).get("amount_vnd") or 0)
    if amount <= 0:
        return None
    line = LineIn(kind=LineKind.FEE, description=entry.reason[:500] or _("Fee"), amount_vnd=amount)
    with transaction.atomic():
        return _create(dossier, Timing.AFTER, [line], f"request:{dossier_id}:{entry.seq}", entry.reason)


def payment_request(
    *, actor: Actor, dossier_id: int, lines: list[LineIn], reason: str = "", version: int | None = None
) -> Payment:
    """An officer asks for a financial obligation during processing: the dossier waits (status 6) until paid."""
    total = sum(line.amount_vnd for line in lines)
    if not lines or any(line.amount_vnd <= 0 for line in lines):
        raise PaymentError(_("Every line needs a positive amount."), code="invalid_amount")
    with transaction.atomic():
        dossier = dossier_request_payment(
            actor=actor, dossier_id=dossier_id, amount_vnd=total, reason=reason, version=version
        )
        return _create(dossier, Timing.AFTER, lines, f"request:{dossier.pk}:{dossier.audit_seq}", reason)


def payment_for(*, actor: Actor, payment_id: int, lock: bool = False) -> Payment:
    """One payment the actor may see (not found otherwise), optionally locked for a change."""
    qs = Payment.objects.visible_to(actor).select_related("dossier")
    if lock:
        qs = qs.select_for_update(of=("self",))
    payment = qs.filter(pk=payment_id).first()
    if payment is None:
        raise PaymentNotFound(_("No such payment."))
    return payment


def agencies_of(payment: Payment) -> tuple[int, ...]:
    return (payment.agency_id, payment.dossier.current_agency_id)


def payment_cancel(*, actor: Actor, payment_id: int, reason: str) -> Payment:
    """Waive or cancel an unpaid obligation (exemption, dossier withdrawn); a before-processing one then no
    longer holds the dossier back."""
    if not reason.strip():
        raise PaymentError(_("Give the reason."), code="reason_required")
    with transaction.atomic():
        payment = payment_for(actor=actor, payment_id=payment_id, lock=True)
        if not can_handle_money(actor, agencies_of(payment)):
            raise NotFound(_("No such payment."))
        if payment.status not in OPEN:
            raise PaymentError(_("Only an unpaid obligation can be cancelled."), code="not_open")
        now = timezone.now()
        updated = Payment.objects.filter(pk=payment.pk, version=payment.version, status=payment.status).update(
            status=Status.CANCELLED, reason=reason[:500], closed_at=now, version=payment.version + 1
        )
        if updated != 1:
            raise PaymentError(_("The payment changed at the same moment: reload and try again."), code="conflict")
        PaymentAttempt.objects.filter(payment_id=payment.pk, status=AttemptStatus.PENDING).update(
            status=AttemptStatus.EXPIRED, settled_at=now
        )
        log_event(kind=EventKind.CANCEL, payment_id=payment.pk, accepted=True, detail=reason, actor=actor.name)
        payment.refresh_from_db()
        return payment
