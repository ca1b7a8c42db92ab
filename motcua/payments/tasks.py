"""Background work of the payments app: the e-receipt (rendered after the payment is committed)."""

from __future__ import annotations

from django_tasks import task


@task()
def receipt_issue(payment_id: int) -> str:
    from motcua.payments.services.receipts import receipt_issue_for

    return receipt_issue_for(payment_id=payment_id)
