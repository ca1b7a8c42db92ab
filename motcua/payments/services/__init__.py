"""Services of the payments app: one per change, each in one transaction."""

from motcua.payments.services.checkout import offered_gateways, payment_start
from motcua.payments.services.obligations import (
    LineIn,
    fee_lines,
    payment_cancel,
    payment_open_for_request,
    payment_request,
    payments_open_for_dossier,
)
from motcua.payments.services.receipts import receipt_issue_for
from motcua.payments.services.reconcile import ReconcileReport, payments_reconcile
from motcua.payments.services.settlement import Outcome, payment_callback
from motcua.payments.services.staff import payment_collect, payment_refund

__all__ = [
    "LineIn",
    "Outcome",
    "ReconcileReport",
    "fee_lines",
    "offered_gateways",
    "payment_callback",
    "payment_cancel",
    "payment_collect",
    "payment_open_for_request",
    "payment_refund",
    "payment_request",
    "payment_start",
    "payments_open_for_dossier",
    "payments_reconcile",
    "receipt_issue_for",
]
