"""E-receipts (biên lai điện tử): issued once per paid obligation and kept with the dossier."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.payments.constants import SETTLED, EventKind, LineKind, Method
from motcua.payments.models import Payment, Receipt
from motcua.payments.receipts import ReceiptData, issue_receipt
from motcua.payments.services.log import log_event


def receipt_number(payment: Payment) -> str:
    """BL-<year>-<obligation number>: unique, since one obligation has one receipt."""
    paid = timezone.localtime(payment.paid_at or timezone.now())
    return f"BL{paid:%y}-{payment.pk:08d}"


def receipt_issue_for(*, payment_id: int) -> str:
    """Issue the receipt of a paid obligation (idempotent: an existing receipt is kept)."""
    payment = Payment.objects.select_related("dossier", "agency").get(pk=payment_id)
    existing = Receipt.objects.filter(payment_id=payment.pk).first()
    if existing is not None or payment.status not in SETTLED:
        return existing.number if existing else ""
    dossier = payment.dossier
    kinds = dict(LineKind.choices)
    data = ReceiptData(
        number=receipt_number(payment),
        issued_at=timezone.now(),
        agency_name=payment.agency.name,
        agency_code=payment.agency.code,
        dossier_code=dossier.code,
        procedure_name=dossier.procedure_name,
        payer_name=dossier.submitter_name,
        payer_id_number=dossier.submitter_id_number,
        payer_address=dossier.submitter_address,
        method=str(dict(Method.choices).get(payment.method, payment.method)),
        provider_reference=payment.provider_reference,
        lines=tuple(
            (str(kinds.get(line.kind, line.kind)), line.description, line.legal_basis, line.amount_vnd)
            for line in payment.lines.all()
        ),
        total_vnd=payment.amount_vnd,
    )
    provider, document = issue_receipt(data)
    try:
        with transaction.atomic():
            receipt = Receipt(
                payment=payment,
                dossier_id=dossier.pk,
                number=data.number,
                provider=provider,
                sha256=hashlib.sha256(document).hexdigest(),
            )
            receipt.file.save(f"{dossier.code}-{data.number}.pdf", ContentFile(document), save=False)
            receipt.save()
            log_event(kind=EventKind.RECEIPT, payment_id=payment.pk, accepted=True, detail=data.number)
    except IntegrityError:  # issued at the same moment by another worker
        pass
    return data.number
