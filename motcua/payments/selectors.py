"""Reads of the payments app, scoped to the caller (missing and forbidden both answer "not found")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for
from motcua.payments.constants import OPEN, Status, Timing
from motcua.payments.exceptions import PaymentNotFound
from motcua.payments.models import Payment, PaymentAttempt, Receipt


@dataclass(frozen=True)
class DossierPayments:
    dossier: Dossier
    payments: list[Payment]

    @property
    def open(self) -> list[Payment]:
        return [p for p in self.payments if p.status in OPEN]


def payments_of_dossier(*, actor: Actor, code: str) -> DossierPayments:
    """A dossier the actor may see and its obligations (with lines and receipts)."""
    dossier = dossier_get_for(actor=actor, code=code)
    payments = list(
        Payment.objects.filter(dossier_id=dossier.pk)
        .select_related("receipt", "agency")
        .prefetch_related("lines")
        .order_by("created_at", "id")
    )
    return DossierPayments(dossier=dossier, payments=payments)


def attempt_for(*, actor: Actor, reference: str) -> PaymentAttempt:
    attempt = (
        PaymentAttempt.objects.filter(reference=reference, payment__in=Payment.objects.visible_to(actor))
        .select_related("payment", "payment__dossier")
        .first()
    )
    if attempt is None:
        raise PaymentNotFound(_("No such payment."))
    return attempt


def receipt_for(*, actor: Actor, payment_id: int) -> Receipt:
    receipt = (
        Receipt.objects.filter(payment_id=payment_id, payment__in=Payment.objects.visible_to(actor))
        .select_related("dossier")
        .first()
    )
    if receipt is None:
        raise PaymentNotFound(_("No such receipt."))
    return receipt


def payment_list_for(*, actor: Actor, status: str = "", limit: int = 200) -> QuerySet[Payment]:
    """Obligations of the dossiers of the official's agencies, the newest first."""
    qs = Payment.objects.visible_to(actor).select_related("dossier", "agency", "receipt")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")[:limit]


def payment_blocks_reception(dossier_id: int) -> bool:
    """Is a before-processing obligation of the dossier still unpaid?"""
    return Payment.objects.filter(dossier_id=dossier_id, timing=Timing.BEFORE, status__in=OPEN).exists()


def is_status(value: str) -> bool:
    return value in Status.values
